/**
 * The catalogue as API X owns it, after validation. API X is the source of truth for every field
 * here; Shopify only ever receives a projection of these records (see app/usecases/*-mapping.ts).
 */

/** A node of API X's category tree; becomes a Shopify collection. */
export interface Category {
  readonly externalId: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly description: string;
  readonly updatedAt: string;
}

export interface ProductOption {
  readonly name: string;
  readonly values: readonly string[];
}

export interface Variant {
  readonly externalId: string;
  readonly sku: string;
  readonly barcode: string | null;
  /** One value per product option, in the product's option order. */
  readonly optionValues: readonly string[];
  readonly weightGrams: number | null;
}

export interface Product {
  readonly externalId: string;
  readonly title: string;
  readonly descriptionHtml: string;
  readonly vendor: string;
  readonly productType: string;
  readonly categoryIds: readonly string[];
  /** false: the product stays in Shopify but is archived (or drafted). */
  readonly active: boolean;
  readonly options: readonly ProductOption[];
  readonly variants: readonly Variant[];
  readonly updatedAt: string;
}

/** A variant's price as API X states it. Money is a decimal string, never a float. */
export interface Price {
  readonly variantId: string;
  readonly amount: string;
  readonly compareAtAmount: string | null;
  readonly currency: string;
}
