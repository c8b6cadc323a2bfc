import {
  sentKey,
  type InventoryState,
  type SentLevel,
} from '../../../src/domain/ports/inventory-state.js';

/**
 * An InventoryState whose every variant is mapped (API X id `X` is Shopify's `var-X`) and in API
 * X's catalogue but those in `gone`, and whose memory of levels sent is `sent`, read and written
 * through like the Postgres one; no read mark.
 */
export function inMemoryInventoryState(
  sent: Map<string, SentLevel>,
  gone: ReadonlySet<string> = new Set(),
): InventoryState {
  return {
    variants: async (ids) =>
      new Map(ids.map((id) => [id, { kind: 'mapped' as const, variantId: `var-${id}` }])),
    catalogueReadAt: async () => null,
    sent: async (keys) =>
      new Map(
        keys.flatMap((k) => {
          const s = sent.get(sentKey(k.variantExternalId, k.warehouseId));
          return s ? [[sentKey(k.variantExternalId, k.warehouseId), s] as const] : [];
        }),
      ),
    saveSent: async (levels) =>
      levels.forEach((l) => sent.set(sentKey(l.variantExternalId, l.warehouseId), l)),
    // In key order (sentKey's NUL separator sorts a variant's warehouses together, before the
    // next variant id that extends it), as the Postgres one pages by its primary key.
    sentAfter: async (after, limit) =>
      [...sent.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .filter(
          ([key]) => after === null || key > sentKey(after.variantExternalId, after.warehouseId),
        )
        .slice(0, limit)
        .map(([, level]) => level),
    catalogued: async (ids) => new Set(ids.filter((id) => !gone.has(id))),
    mark: async () => null,
    saveMark: async () => {},
  };
}
