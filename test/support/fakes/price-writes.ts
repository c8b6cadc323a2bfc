import type { StagedPrice } from '../../../src/domain/ports/catalog-staging.js';
import type { PriceChange, PriceWrites } from '../../../src/domain/ports/price-writes.js';

const key = (c: PriceChange) => `${c.productExternalId}\u0000${c.variantExternalId}`;

/**
 * Prices staged but not yet received by Shopify, in memory: a saved change leaves the diff, as
 * in Postgres (priceChanges is read again after writes). `saved` keeps every savePrices call.
 */
export function createFakePriceWrites(
  changes: readonly PriceChange[],
  unmapped: readonly StagedPrice[] = [],
) {
  const saved: PriceChange[] = [];
  const done = new Set<string>();
  const writes: PriceWrites = {
    async priceChanges(after, limit) {
      const from =
        after === null ? null : `${after.productExternalId}\u0000${after.variantExternalId}`;
      return [...changes]
        .sort((a, b) => key(a).localeCompare(key(b)))
        .filter((c) => !done.has(key(c)) && (from === null || key(c) > from))
        .slice(0, limit);
    },
    async unmappedPrices(limit) {
      return unmapped.slice(0, limit);
    },
    async savePrices(list) {
      for (const c of list) done.add(key(c));
      saved.push(...list);
    },
  };
  return { writes, saved };
}
