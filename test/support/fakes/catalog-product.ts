import type { Product } from '../../../src/domain/model/catalog.js';

/**
 * An active API X product of `variantCount` variants (`<id>-1`, `<id>-2`, …, SKU `SKU-<id>-<n>`),
 * in category C1, as the staging tests feed it; `over` replaces any field.
 */
export function catalogProduct(
  id: string,
  variantCount: number,
  over: Partial<Product> = {},
): Product {
  return {
    externalId: id,
    title: `Product ${id}`,
    descriptionHtml: '<p>fine</p>',
    vendor: 'Acme',
    productType: 'Thing',
    categoryIds: ['C1'],
    active: true,
    options: [],
    variants: Array.from({ length: variantCount }, (_, i) => ({
      externalId: `${id}-${i + 1}`,
      sku: `SKU-${id}-${i + 1}`,
      barcode: null,
      optionValues: [],
      weightGrams: 100,
    })),
    updatedAt: '2026-11-20T10:00:00Z',
    ...over,
  };
}
