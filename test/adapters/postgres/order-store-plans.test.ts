import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLAIM_DUE_SQL, STORED_WINDOW_SQL } from '../../../src/adapters/postgres/order-store.js';
import { useTestDatabase } from '../../support/test-database.js';

// The quiet-run check runs in every sync-orders run, every five minutes: it must reach the few
// orders of the overlap window through an index, never read all of a shop's orders (seq scans
// are priced out so the plan shows what an index can do; naming the index is the check, since
// a scan of orders_by_state would read every order of the shop too).

const db = useTestDatabase(test);

async function planOf(sql: string, params: unknown[]): Promise<string> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
    await client.query('ROLLBACK');
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    client.release();
  }
}

test("the stored window's count reads orders_by_updated", async () => {
  const plan = await planOf(STORED_WINDOW_SQL, ['shop.myshopify.com', new Date()]);
  assert.ok(plan.includes('orders_by_updated'), plan);
});

// The push claims a few dozen orders at a time all through a run. Through orders_by_updated
// (every order of the shop) each claim walked past the orders already pushed; orders_claim_order
// holds the due candidates only, in the claim's order.
test('the claim reads orders_claim_order (never the orders already pushed)', async () => {
  const plan = await planOf(CLAIM_DUE_SQL, ['shop.myshopify.com', 40, 300]);
  assert.ok(plan.includes('orders_claim_order'), plan);
});

test.run();
