import type { ProductDraft, ProductStatus, VariantPrice } from './shopify-catalog.js';

/**
 * What sync-to-shopify remembers between runs (mappings external id <-> Shopify GID with content
 * hashes) and the catalogue staged during a run. The diff between the two is computed by the
 * store, so a run never holds the whole catalogue in memory.
 */

export interface CollectionMapping {
  readonly externalId: string;
  readonly shopifyId: string | null;
  readonly contentHash: string | null;
  readonly state: 'active' | 'archived' | 'removed';
}

export interface DeletionCheckMarks {
  /** Products deleted in Shopify before this time have been found; null: never checked. */
  readonly checkedUpTo: Date | null;
  /** When the mappings were last compared with a complete listing of Shopify's products. */
  readonly lastFullCheckAt: Date | null;
}

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

export interface ChangedProduct {
  readonly externalId: string;
  readonly contentHash: string;
  readonly draft: ProductDraft;
  readonly bulkLine: number | null;
  /** No Shopify product is mapped yet: this write creates one. */
  readonly isNew: boolean;
  /** Shopify's product was ACTIVE after our last write (false when new, drafted or archived). */
  readonly wasActive: boolean;
}

export interface ProductWritten {
  readonly externalId: string;
  readonly productId: string;
  readonly variantIds: Readonly<Record<string, string>>;
  readonly contentHash: string;
  readonly status: ProductStatus;
  /** Prices sent with the product, by variant external id (their hashes are recorded). */
  readonly pricesSent: Readonly<Record<string, string>>;
}

export interface PriceChange {
  readonly productExternalId: string;
  readonly productId: string;
  readonly variantExternalId: string;
  readonly price: VariantPrice;
  readonly contentHash: string;
}

export interface MembershipChange {
  readonly categoryId: string;
  readonly collectionId: string | null;
  readonly productExternalId: string;
  readonly productId: string;
  readonly op: 'add' | 'remove';
}

export interface CatalogState {
  collectionMappings(): Promise<ReadonlyMap<string, CollectionMapping>>;
  saveCollection(externalId: string, collectionId: string, contentHash: string): Promise<void>;
  markCollectionsRemoved(externalIds: readonly string[]): Promise<void>;

  /**
   * Products an earlier run put in a bulk file and never recorded as written: its operation's
   * answer was lost (the run died between starting it and recording it) or its line failed.
   * Read before resetStaging, after in-flight operations were resumed.
   */
  productsSentInBulkUnrecorded(): Promise<ReadonlySet<string>>;
  /** Clears the staging of this shop (start of a run; never while a bulk operation is in flight). */
  resetStaging(): Promise<void>;
  stagePrices(prices: readonly StagedPrice[]): Promise<void>;
  /** Staged prices of these variants, for putting prices into drafts. */
  stagedPricesOf(variantExternalIds: readonly string[]): Promise<ReadonlyMap<string, StagedPrice>>;
  /** Stages a page; drafts are kept only where they differ from what was last sent. */
  stageProducts(products: readonly StagedProduct[]): Promise<void>;
  countStaged(): Promise<{
    readonly staged: number;
    readonly changed: number;
    readonly mappedActive: number;
    readonly gone: number;
  }>;
  /**
   * Keeps these staged products out of this run's writes (a check before writing refused them);
   * their drafts stay staged, so their prices wait with them instead of being reported orphans.
   */
  holdBackProducts(externalIds: readonly string[]): Promise<void>;
  /** Changed products (held-back ones excepted) in external-id order, a page at a time. */
  changedProducts(
    afterExternalId: string | null,
    limit: number,
  ): Promise<readonly ChangedProduct[]>;
  /** Numbers the changed products 1..N for a bulk operation; returns N. */
  /**
   * Numbers the next changed products after `afterExternalId` 1..N for one bulk operation, as
   * many as fit in about `maxBytes` of upload (Shopify takes at most 100 MB per file).
   */
  assignBulkChunk(
    afterExternalId: string | null,
    maxBytes: number,
  ): Promise<{ readonly lines: number; readonly lastExternalId: string | null }>;
  /** The products of the current bulk chunk in line order, a page at a time. */
  bulkChunk(afterLine: number, limit: number): Promise<readonly ChangedProduct[]>;
  productsAtBulkLines(lines: readonly number[]): Promise<ReadonlyMap<number, ChangedProduct>>;
  saveProductsWritten(products: readonly ProductWritten[]): Promise<void>;
  /** Where these variants are in Shopify now (GID and the product they were written under). */
  mappedVariants(
    variantExternalIds: readonly string[],
  ): Promise<
    ReadonlyMap<string, { readonly variantId: string; readonly productExternalId: string }>
  >;
  /**
   * Forgets the hash of products whose Shopify object no longer exists, so they are re-created,
   * and their variants' GIDs (gone with them: a re-created product gets new variants).
   */
  forgetProducts(productIds: readonly string[]): Promise<number>;
  /**
   * Forgets the GIDs of these variants (deleted in Shopify by hand): sent again without an id,
   * each is created anew. Their products' and prices' hashes are forgotten too, so the next run
   * writes them even if API X did not change.
   */
  forgetVariants(variantExternalIds: readonly string[]): Promise<void>;
  /**
   * Every mapped variant (external id, GID, its product's GID), a page at a time (hand-deletion
   * check).
   */
  mappedVariantPages(): AsyncIterable<
    readonly {
      readonly externalId: string;
      readonly variantId: string;
      readonly productId: string;
    }[]
  >;
  /** Every mapped product GID (for the hand-deletion check). */
  mappedProductIds(): AsyncIterable<readonly string[]>;
  /** Every mapped collection GID (for the hand-deletion check; a shop has few). */
  mappedCollectionIds(): Promise<readonly string[]>;
  /**
   * Forgets collections whose Shopify object no longer exists (mapping without a GID, so the
   * next category sync creates them) and the memberships made in them (so products are added
   * to the new ones). Returns how many were ours.
   */
  forgetCollections(collectionIds: readonly string[]): Promise<number>;
  /** How far the hand-deletion check got (see DeletionCheckMarks). */
  deletionCheckMarks(): Promise<DeletionCheckMarks>;
  /** Deletions before `checkedUpTo` are accounted for; `full`: by a complete listing. */
  recordDeletionCheck(checkedUpTo: Date, full: boolean): Promise<void>;
  /** Products mapped and not archived that API X no longer serves. */
  goneProducts(
    afterExternalId: string | null,
    limit: number,
  ): Promise<readonly { externalId: string; productId: string }[]>;
  markArchived(externalIds: readonly string[]): Promise<void>;

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

  /** Computes this run's membership changes once (desired categories against applied ones). */
  prepareMembershipChanges(): Promise<number>;
  /** The prepared changes in (category, product) order, a page at a time. */
  membershipChanges(
    after: { readonly categoryId: string; readonly productExternalId: string } | null,
    limit: number,
  ): Promise<readonly MembershipChange[]>;
  saveMembership(changes: readonly MembershipChange[]): Promise<void>;

  /** The bulk operation of this purpose left in flight by an earlier run, if any. */
  inFlightBulkOperation(
    purpose: string,
  ): Promise<{ readonly operationId: string; readonly lines: number } | null>;
  recordBulkOperation(
    purpose: string,
    operationId: string,
    lines: number,
    runId: string,
  ): Promise<void>;
  finishBulkOperation(operationId: string, status: string): Promise<void>;
}
