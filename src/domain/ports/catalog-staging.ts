import type { ProductDraft, ProductStatus } from '../model/catalog-write.js';

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
  /**
   * Staged before every price was in (its status not yet known): the variant ids, checked
   * against the staged prices once they are (productsToRedraft, unpricedStaged). Absent: staged
   * with every price known, or held back.
   */
  readonly variantIds?: readonly string[];
  /** With variantIds: the status contentHash was computed for; null: no hash yet (draft needed). */
  readonly assumedStatus?: ProductStatus | null;
}

/** A variant of a product staged before the prices were in that has no staged price. */
export interface UnpricedVariant {
  readonly productExternalId: string;
  readonly variantExternalId: string;
  /** The variant's place in its product (1-based), for paging. */
  readonly position: number;
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
  /**
   * Once every price is staged, of the products staged with variantIds and an assumedStatus:
   * those whose status is not the one assumed (inactive: archiveStatus; active: ACTIVE when every
   * variant has a staged price, else DRAFT); and how many staged with variantIds are active with
   * a variant unpriced (unpricedStaged names them). Those staged without a hash (assumedStatus
   * null) need a draft anyway: the caller knows them, and an initial run's 100k ids are not read
   * back.
   */
  checkProvisional(
    archiveStatus: Exclude<ProductStatus, 'ACTIVE'>,
  ): Promise<{ redraft: readonly string[]; unpricedProducts: number }>;
  /** Once every price is staged: variants of active products staged with variantIds that have none, in order after `after`. */
  unpricedStaged(
    after: Pick<UnpricedVariant, 'productExternalId' | 'position'> | null,
    limit: number,
  ): Promise<readonly UnpricedVariant[]>;
}
