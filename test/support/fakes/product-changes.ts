import type { ChangedProduct, ProductChanges } from '../../../src/domain/ports/product-changes.js';

/**
 * This run's staged product changes, in memory: `changed` in external-id order, less those held
 * back; `counts` are what countStaged answers beyond them (unchanged, mapped and gone products).
 */
export function createFakeProductChanges(
  changed: readonly ChangedProduct[],
  counts: { readonly unchanged?: number; readonly mappedActive: number; readonly gone: number },
) {
  const heldBack = new Set<string>();
  const sorted = [...changed].sort((a, b) => a.externalId.localeCompare(b.externalId));
  const changes: ProductChanges = {
    async countStaged() {
      const live = sorted.filter((p) => !heldBack.has(p.externalId)).length;
      return {
        staged: changed.length + (counts.unchanged ?? 0),
        changed: live,
        mappedActive: counts.mappedActive,
        gone: counts.gone,
      };
    },
    async changedProducts(after, limit) {
      return sorted
        .filter((p) => !heldBack.has(p.externalId) && (after === null || p.externalId > after))
        .slice(0, limit);
    },
    async holdBackProducts(ids) {
      for (const id of ids) heldBack.add(id);
    },
  };
  return { changes, heldBack };
}
