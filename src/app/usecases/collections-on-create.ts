import type { CollectionMembership } from '../../domain/ports/collection-membership.js';
import type { ChangedProduct } from '../../domain/ports/product-changes.js';

export interface CollectionsOnCreateDeps {
  readonly state: Pick<CollectionMembership, 'collectionsToJoin'>;
}

/**
 * New products join the collections of their categories in the productSet that creates them
 * (ProductSetInput.collections, "The IDs of collections that this product will be a member
 * of", 2026-10), instead of through paced collection updates afterwards: on an initial sync
 * those were about half the run. Only for products Shopify does not hold yet: productSet
 * replaces a product's collections exactly, so on a product that exists it would take the
 * product out of every collection a merchant put it in by hand. `skip` names products that may
 * exist although nothing is mapped (sent by a run that died before recording them, adopted,
 * found by a lookup): they join through the membership step, which only adds.
 */
export function createCollectionsOnCreate(deps: CollectionsOnCreateDeps) {
  return async function withCollectionsToJoin(
    products: readonly ChangedProduct[],
    skip: (product: ChangedProduct) => boolean,
  ): Promise<ChangedProduct[]> {
    // collectionsToJoin answers only for products with no GID mapped (the bulk path's pages do
    // not say which are new).
    const candidates = new Set(products.filter((p) => !skip(p)).map((p) => p.externalId));
    if (candidates.size === 0) return [...products];
    const joins = await deps.state.collectionsToJoin([...candidates]);
    return products.map((p) => {
      const collections = candidates.has(p.externalId) ? joins.get(p.externalId) : undefined;
      return collections ? { ...p, draft: { ...p.draft, collections } } : p;
    });
  };
}

export type WithCollectionsToJoin = ReturnType<typeof createCollectionsOnCreate>;
