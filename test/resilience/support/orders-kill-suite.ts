import { failureRecordProblems } from './failure-invariants.js';
import { registerKillPointSuite } from './kill-point-suite.js';
import { orderProblems } from './order-invariants.js';

/** sync-orders' kill points over new orders and later versions (cancel, refund, fulfil). */
export function registerOrdersKillPoints(shard: number): void {
  registerKillPointSuite({
    job: 'sync-orders',
    environment: { apix: { products: 2, categories: 1 } },
    shard,
    groups: 3,
    killsPerGroup: 4,
    limits: { maxDelayMs: 2500, maxShopifyRequests: 3, maxApixRequests: 8 },
    prepare(env, group) {
      const book = env.e2e.shopify.orders;
      const existing = book.list().filter((o) => !o.test);
      // Later versions of earlier orders travel as updates, never before the order itself.
      existing.slice(0, 3).forEach((o, i) => {
        const id = `gid://shopify/Order/${o.num}`;
        if (i === 0) book.refund(id, '1.00');
        else if (i === 1) book.fulfil(id);
        else book.edit(id, { note: `edited in group ${group}` });
      });
      book.seed(5);
      return { APIX_MAX_RETRIES: '0' };
    },
    // A killed push leaves its claim until it expires: let that time pass.
    beforeRerun: (env) => env.makeOrdersDue(),
    async problems(env) {
      return [...(await orderProblems(env.e2e)), ...(await failureRecordProblems(env.e2e.db.pool))];
    },
  });
}
