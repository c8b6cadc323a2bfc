import type { StagedPrice } from './catalog-staging.js';
import type { VariantPrice } from '../model/catalog-write.js';

export interface PriceChange {
  readonly productExternalId: string;
  readonly productId: string;
  readonly variantExternalId: string;
  readonly price: VariantPrice;
  readonly contentHash: string;
}

/**
 * Staged prices against the prices Shopify last received: what to write, what cannot be written
 * (no variant in Shopify), and the hashes of what was written.
 */
export interface PriceWrites {
  /** Price changes for variants whose product was not rewritten this run, in product order. */
  priceChanges(
    after: { readonly productExternalId: string; readonly variantExternalId: string } | null,
    limit: number,
  ): Promise<readonly PriceChange[]>;
  /**
   * Staged prices of variants no product of this feed brings to Shopify (an orphan price, or a
   * product that failed validation). Variants of a product whose write was refused or waits are
   * left out: the product's own record (or the waiting count) says it.
   */
  unmappedPrices(limit: number): Promise<readonly StagedPrice[]>;
  savePrices(changes: readonly PriceChange[]): Promise<void>;
}
