import type { StagedPrice } from '../../../src/domain/ports/catalog-staging.js';
import type { PriceChange, PriceWrites } from '../../../src/domain/ports/price-writes.js';

const key = (c: PriceChange) => `${c.productExternalId}\u0000${c.variantExternalId}`;

/**
 * Prices staged but not yet received by Shopify, in memory: preparePriceChanges takes the ones
 * not saved yet, priceChanges pages through that set (saving does not change it, as in
 * Postgres). `saved` keeps every saved change, `saveCalls` every savePrices call.
 */
export function createFakePriceWrites(
  changes: readonly PriceChange[],
  unmapped: readonly StagedPrice[] = [],
) {
  const saved: PriceChange[] = [];
  const saveCalls: (readonly PriceChange[])[] = [];
  const done = new Set<string>();
  let prepared: PriceChange[] = [];
  const writes: PriceWrites = {
    async preparePriceChanges() {
      prepared = [...changes]
        .filter((c) => !done.has(key(c)))
        // Code point order, as the keyset filter below compares (localeCompare skips the NUL).
        .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      return {
        products: new Set(prepared.map((c) => c.productExternalId)).size,
        variants: prepared.length,
      };
    },
    async priceChanges(after, limit) {
      const from =
        after === null ? null : `${after.productExternalId}\u0000${after.variantExternalId}`;
      return prepared.filter((c) => from === null || key(c) > from).slice(0, limit);
    },
    async unmappedPrices(limit) {
      return unmapped.slice(0, limit);
    },
    async savePrices(list) {
      for (const c of list) done.add(key(c));
      saved.push(...list);
      saveCalls.push(list);
    },
  };
  return { writes, saved, saveCalls };
}
