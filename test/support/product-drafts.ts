import type { ProductDraft, VariantDraft } from '../../src/domain/model/catalog-write.js';

/** A variant of the Size option named after its external id, at 1.00; its SKU is the id unless given. */
export const sizeVariant = (externalId: string, sku = externalId): VariantDraft => ({
  externalId,
  sku,
  barcode: null,
  optionValues: [{ optionName: 'Size', name: externalId }],
  weightGrams: null,
  price: '1.00',
  compareAtPrice: null,
});

/** Product P1, a shirt whose one option (Size) holds exactly these variants. */
export const shirtDraft = (variants: readonly VariantDraft[]): ProductDraft => ({
  externalId: 'P1',
  title: 'Shirt',
  descriptionHtml: '',
  vendor: '',
  productType: '',
  status: 'ACTIVE',
  options: [{ name: 'Size', values: variants.map((v) => v.externalId) }],
  variants,
});
