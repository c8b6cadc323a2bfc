import type { ProductDraft, VariantDraft } from '../../src/domain/model/catalog-write.js';
import type { ChangedProduct } from '../../src/domain/ports/product-changes.js';

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

/**
 * A changed product as staging hands it to the product step: one variant (`<id>-1`, option
 * Title = Default, 10.00). Everything the step reads can be given; the rest is fixed.
 */
export const oneVariantChange = (
  externalId: string,
  given: {
    readonly title?: string;
    readonly sku?: string;
    readonly status?: ProductDraft['status'];
    readonly contentHash?: string;
    readonly isNew?: boolean;
    readonly wasActive?: boolean;
  } = {},
): ChangedProduct => ({
  externalId,
  contentHash: given.contentHash ?? `h-${externalId}`,
  draft: {
    externalId,
    title: given.title ?? `Product ${externalId}`,
    descriptionHtml: '',
    vendor: 'V',
    productType: 'T',
    status: given.status ?? 'ACTIVE',
    options: [{ name: 'Title', values: ['Default'] }],
    variants: [
      {
        externalId: `${externalId}-1`,
        sku: given.sku ?? `SKU-${externalId}`,
        barcode: null,
        optionValues: [{ optionName: 'Title', name: 'Default' }],
        weightGrams: null,
        price: '10.00',
        compareAtPrice: null,
      },
    ],
  },
  bulkLine: null,
  isNew: given.isNew ?? false,
  wasActive: given.wasActive ?? !(given.isNew ?? false),
});
