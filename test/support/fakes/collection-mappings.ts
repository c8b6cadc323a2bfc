import type {
  CollectionMapping,
  CollectionMappings,
} from '../../../src/domain/ports/collection-mappings.js';

/** Category -> collection mappings, in memory; `mappings` is open for the assertions. */
export function createFakeCollectionMappings(initial: readonly CollectionMapping[] = []) {
  const mappings = new Map(initial.map((m) => [m.externalId, m]));
  const store: CollectionMappings = {
    async collectionMappings() {
      return new Map(mappings);
    },
    async saveCollection(externalId, shopifyId, contentHash) {
      mappings.set(externalId, { externalId, shopifyId, contentHash, state: 'active' });
    },
    async markCollectionsRemoved(ids) {
      for (const id of ids) {
        const m = mappings.get(id);
        if (m) mappings.set(id, { ...m, state: 'removed' });
      }
    },
    async mappedCollectionIds() {
      return [...mappings.values()].flatMap((m) => (m.shopifyId === null ? [] : [m.shopifyId]));
    },
    async forgetCollections(ids) {
      let n = 0;
      for (const [externalId, m] of mappings)
        if (m.shopifyId !== null && ids.includes(m.shopifyId)) {
          mappings.delete(externalId);
          n++;
        }
      return n;
    },
  };
  return { store, mappings };
}
