import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { STORED_WINDOW_SQL } from '../../../src/adapters/postgres/order-store.js';
import { useTestDatabase } from '../../support/test-database.js';

// The quiet-run check runs in every sync-orders run, every five minutes: it must reach the few
// orders of the overlap window through an index, never read all of a shop's orders (seq scans
// are priced out so the plan shows what an index can do; naming the index is the check, since
// a scan of orders_by_state would read every order of the shop too).

const db = useTestDatabase(test);

test("the stored window's count reads orders_by_updated", async () => {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${STORED_WINDOW_SQL}`, [
      'shop.myshopify.com',
      new Date(),
    ]);
    await client.query('ROLLBACK');
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.ok(plan.includes('orders_by_updated'), plan);
  } finally {
    client.release();
  }
});

test.run();
