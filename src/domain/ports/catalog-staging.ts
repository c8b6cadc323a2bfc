import type { ProductDraft } from '../model/catalog-write.js';

export interface StagedProduct {
  readonly externalId: string;
  /** Hash of what would be sent, prices excluded; '' for a record that failed validation. */
  readonly contentHash: string;
  readonly categoryIds: readonly string[];
  readonly active: boolean;
  /**
   * The draft; null for a record held back (never written); 'unbuilt' when the content hash was
   * known without it (KnownContent): stageProducts answers whether it is wanted after all.
   */
  readonly draft: ProductDraft | 'unbuilt' | null;
  /** Remember contentHash under this key for later runs (knownContent); absent: nothing new. */
  readonly recordKey?: string;
}

/** A product's content hash as computed in an earlier run, and the key it was computed under. */
export interface KnownContent {
  readonly recordKey: string;
  readonly contentHash: string;
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
  /** The content hashes remembered for these products (their recordKey when staged). */
  knownContentOf(externalIds: readonly string[]): Promise<ReadonlyMap<string, KnownContent>>;
  /**
   * Stages a page; drafts are kept only where they differ from what was last sent. Answers the
   * products staged with an 'unbuilt' draft that differ: their drafts are wanted (stageDrafts).
   */
  stageProducts(products: readonly StagedProduct[]): Promise<readonly string[]>;
  /** Adds the drafts stageProducts asked for to their staged rows. */
  stageDrafts(drafts: readonly ProductDraft[]): Promise<void>;
}
