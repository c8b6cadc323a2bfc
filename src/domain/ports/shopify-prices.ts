import type { VariantPrice, WriteResult } from '../model/catalog-write.js';

/** Variant prices written per product (the path below the bulk threshold). */
export interface ShopifyPrices {
  /** Sets prices of some variants of one product; other variants and fields are untouched. */
  updateVariantPrices(
    productId: string,
    prices: readonly VariantPrice[],
    signal?: AbortSignal,
  ): Promise<WriteResult<void>>;
}
