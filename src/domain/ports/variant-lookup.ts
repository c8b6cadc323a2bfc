import type { WriteResult } from '../model/catalog-write.js';

/** A variant Shopify holds under a SKU, with what it needs to tell ours from someone else's. */
export interface VariantBySku {
  readonly variantId: string;
  readonly sku: string;
  /** Our custom id on the variant; null when it has none (made by hand or by another tool). */
  readonly externalId: string | null;
  readonly product: {
    readonly id: string;
    readonly title: string;
    /** Our custom id on the product; null when it has none. */
    readonly externalId: string | null;
    /** How many variants the product has in all (a partial match leaves some out). */
    readonly variantCount: number;
  };
}

/** Products made outside this service, found by SKU and taken over (existing-products.ts). */
export interface VariantLookup {
  /**
   * Every variant Shopify holds with one of these SKUs (exact SKU, case aside), whoever made it:
   * how a shop that already has products is told from one that has none (see existing-products).
   */
  variantsBySku(skus: readonly string[], signal?: AbortSignal): Promise<readonly VariantBySku[]>;
  /**
   * Writes our custom ids onto a product made outside this service and onto its variants, so the
   * next productSet by custom id updates it (variant GIDs kept) instead of creating a duplicate.
   */
  adoptProduct(
    productId: string,
    externalId: string,
    variants: readonly { readonly variantId: string; readonly externalId: string }[],
    signal?: AbortSignal,
  ): Promise<WriteResult<void>>;
}
