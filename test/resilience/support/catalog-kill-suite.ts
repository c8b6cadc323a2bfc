import { catalogProblems } from './catalog-invariants.js';
import { failureRecordProblems } from './failure-invariants.js';
import { registerKillPointSuite } from './kill-point-suite.js';

/** sync-to-shopify's kill points; every other group goes through bulk import. */
export function registerCatalogKillPoints(shard: number): void {
  registerKillPointSuite({
    job: 'sync-to-shopify',
    environment: { apix: { products: 16, categories: 3 } },
    shard,
    groups: 3,
    killsPerGroup: 4,
    limits: { maxDelayMs: 3000, maxShopifyRequests: 14, maxApixRequests: 4 },
    prepare(env, group, seed): Record<string, string> {
      env.e2e.apix.catalog.applyDailyChanges({
        seed,
        newProducts: 3,
        changedProducts: 3,
        priceChanges: 4,
        removedProducts: group === 1 ? 1 : 0,
      });
      return (group + shard) % 2 === 1 ? { SYNC_BULK_THRESHOLD: '1' } : {};
    },
    async problems(env) {
      return [...catalogProblems(env.e2e), ...(await failureRecordProblems(env.e2e.db.pool))];
    },
  });
}
