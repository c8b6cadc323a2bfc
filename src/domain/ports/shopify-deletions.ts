/** How products and collections deleted by hand in Shopify are found. */

export interface DeletionEvent {
  readonly subjectType: 'PRODUCT' | 'COLLECTION';
  readonly subjectId: string;
}

/** One row of the complete listing (see listSyncedProducts). */
export type SyncedListing =
  | { readonly kind: 'product'; readonly productId: string; readonly externalId: string }
  | { readonly kind: 'variant'; readonly variantId: string; readonly productId: string };

export interface ShopifyDeletions {
  /**
   * Products and collections deleted in Shopify at or after `since` (an RFC 3339 time), from
   * Shopify's `destroy` events: a cheap way to find hand deletions between full listings.
   */
  deletionEventsSince(since: string, signal?: AbortSignal): AsyncIterable<DeletionEvent>;
  /** The GIDs among `collectionIds` that still exist in Shopify. */
  existingCollections(
    collectionIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<ReadonlySet<string>>;
  /**
   * Every product that carries our custom id, as (product GID, external id), and every variant
   * of the shop by GID: a complete listing to find products and variants deleted by hand.
   */
  listSyncedProducts(signal?: AbortSignal): AsyncIterable<SyncedListing>;
}
