import type { ItemResult, RunCounts } from '../../domain/model/sync-run.js';

/** Counts items of a run by entity and result; a snapshot goes to the run record and metrics. */
export interface RunCounter {
  add(entity: string, result: ItemResult, n?: number): void;
  get(entity: string, result: ItemResult): number;
  snapshot(): RunCounts;
}

export function createRunCounter(): RunCounter {
  const counts = new Map<string, Map<ItemResult, number>>();
  return {
    add(entity, result, n = 1) {
      if (n === 0) return;
      const byResult = counts.get(entity) ?? new Map<ItemResult, number>();
      byResult.set(result, (byResult.get(result) ?? 0) + n);
      counts.set(entity, byResult);
    },
    get(entity, result) {
      return counts.get(entity)?.get(result) ?? 0;
    },
    snapshot() {
      const out: RunCounts = {};
      for (const [entity, byResult] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
        out[entity] = Object.fromEntries(byResult);
      }
      return out;
    },
  };
}
