import type { StockRecheck, StockRechecks } from '../../../src/domain/ports/stock-rechecks.js';

/**
 * StockRechecks over `marks`, read and cleared like the Postgres one: settle removes a mark only
 * when it is still the one read (same level, same markedAt).
 */
export function inMemoryStockRechecks(marks: StockRecheck[] = []): StockRechecks {
  return {
    due: async () => [...marks],
    settle: async (read) => {
      const cleared = new Set(
        read.map((r) => `${r.variantExternalId}\u0000${r.warehouseId}\u0000${r.markedAt}`),
      );
      const left = marks.filter(
        (m) => !cleared.has(`${m.variantExternalId}\u0000${m.warehouseId}\u0000${m.markedAt}`),
      );
      marks.splice(0, marks.length, ...left);
    },
  };
}
