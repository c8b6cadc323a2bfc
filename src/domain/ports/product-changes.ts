import type { ProductDraft } from '../model/catalog-write.js';

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

/**
 * This run's product changes: staged products whose draft differs from what Shopify last
 * received, less those held back (a check before writing refused them).
 */
export interface ProductChanges {
  countStaged(): Promise<{
    readonly staged: number;
    readonly changed: number;
    readonly mappedActive: number;
    readonly gone: number;
  }>;
  /** Changed products (held-back ones excepted) in external-id order, a page at a time. */
  changedProducts(
    afterExternalId: string | null,
    limit: number,
  ): Promise<readonly ChangedProduct[]>;
  /**
   * Keeps these staged products out of this run's writes (a check before writing refused them);
   * their drafts stay staged, so their prices wait with them instead of being reported orphans.
   */
  holdBackProducts(externalIds: readonly string[]): Promise<void>;
}
