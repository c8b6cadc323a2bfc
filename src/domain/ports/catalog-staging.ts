import type { ProductDraft } from '../model/catalog-write.js';

export interface StagedProduct {
  readonly externalId: string;
  /** Hash of what would be sent, prices excluded; '' for a record that failed validation. */
  readonly contentHash: string;
  readonly categoryIds: readonly string[];
  readonly active: boolean;
  readonly draft: ProductDraft | null;
}

export interface StagedPrice {
  readonly variantExternalId: string;
  readonly amount: string;
  readonly compareAt: string | null;
  readonly contentHash: string;
}

/**
 * The catalogue API X serves, staged for one run: products and prices are written here page by
 * page as they stream in, so the diff against the mappings is computed by the store and a run
 * never holds the whole catalogue in memory.
 */
export interface CatalogStaging {
  /** Clears the staging of this shop (start of a run; never while a bulk operation is in flight). */
  resetStaging(): Promise<void>;
  stagePrices(prices: readonly StagedPrice[]): Promise<void>;
  /** Staged prices of these variants, for putting prices into drafts. */
  stagedPricesOf(variantExternalIds: readonly string[]): Promise<ReadonlyMap<string, StagedPrice>>;
  /** Stages a page; drafts are kept only where they differ from what was last sent. */
  stageProducts(products: readonly StagedProduct[]): Promise<void>;
}
