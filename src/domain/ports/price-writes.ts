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
  /**
   * Finds this run's price changes once, after the product step (a rewritten product's prices
   * travelled with it and are no longer changes): variants in Shopify whose staged price differs
   * from the one Shopify last received. Returns how many products and variants they cover.
   */
  preparePriceChanges(): Promise<{ readonly products: number; readonly variants: number }>;
  /** The prepared changes in product order, a page at a time (saving one does not remove it). */
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
  /** Records the hashes of prices Shopify accepted: one round trip for the whole list. */
  savePrices(changes: readonly PriceChange[]): Promise<void>;
}
