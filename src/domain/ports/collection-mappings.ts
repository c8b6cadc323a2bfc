/** What sync-to-shopify remembers of a category: its collection's GID and content hash. */
export interface CollectionMapping {
  readonly externalId: string;
  readonly shopifyId: string | null;
  readonly contentHash: string | null;
  readonly state: 'active' | 'archived' | 'removed';
}

/**
 * The categories' collections (external id <-> Shopify GID, with content hashes): kept by the
 * category sync, listed and forgotten by the hand-deletion check.
 */
export interface CollectionMappings {
  collectionMappings(): Promise<ReadonlyMap<string, CollectionMapping>>;
  saveCollection(externalId: string, collectionId: string, contentHash: string): Promise<void>;
  markCollectionsRemoved(externalIds: readonly string[]): Promise<void>;
  /** Every mapped collection GID (for the hand-deletion check; a shop has few). */
  mappedCollectionIds(): Promise<readonly string[]>;
  /**
   * Forgets collections whose Shopify object no longer exists (mapping without a GID, so the
   * next category sync creates them) and the memberships made in them (so products are added
   * to the new ones). Returns how many were ours.
   */
  forgetCollections(collectionIds: readonly string[]): Promise<number>;
}
