/** API X's records as they travel on the wire (docs/api-x.openapi.yaml). */

export interface ApixCategoryRecord {
  id: string;
  parentId: string | null;
  name: string;
  description: string;
  updatedAt: string;
}

export interface ApixVariantRecord {
  id: string;
  sku: string;
  barcode: string | null;
  optionValues: string[];
  weightGrams: number | null;
}

export interface ApixProductRecord {
  id: string;
  title: string;
  description: string;
  vendor: string;
  type: string;
  categoryIds: string[];
  active: boolean;
  options: { name: string; values: string[] }[];
  variants: ApixVariantRecord[];
  updatedAt: string;
}

export interface ApixPriceRecord {
  variantId: string;
  amount: string;
  compareAtAmount: string | null;
  currency: string;
  updatedAt: string;
}

export type ApixEntity = 'category' | 'product' | 'price';
