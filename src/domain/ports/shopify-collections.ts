import type { CollectionDraft, WriteResult } from '../model/catalog-write.js';

/** Categories as Shopify collections, and which products they hold. */
export interface ShopifyCollections {
  /** Creates or updates the collection that carries this category's custom id. */
  upsertCollection(
    draft: CollectionDraft,
    signal?: AbortSignal,
  ): Promise<WriteResult<{ readonly collectionId: string }>>;
  /** Adds and removes products in a collection the job manages; other members are untouched. */
  changeCollectionMembers(
    collectionId: string,
    add: readonly string[],
    remove: readonly string[],
    signal?: AbortSignal,
  ): Promise<WriteResult<void>>;
}
