import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ORDER_BY_REFERENCE_SQL } from '../../../src/adapters/postgres/shipment-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

// The shipments step looks up each shipment's order, every sync-orders run; by API X reference
// (when API X names no Shopify id) it must go through an index, never read all the shop's orders
// (by Shopify id it is the primary key) (seq scans are
// priced out so the plan shows what an index can do; naming the index is the check).

let db: TestDatabase;
test.before(async () => {
  db = await createTestDatabase();
});
test.after(async () => {
  await db?.drop();
});

async function plan(sql: string, params: unknown[]): Promise<string> {
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

test("a shipment's order by API X reference reads orders_by_apix_reference", async () => {
  const p = await plan(ORDER_BY_REFERENCE_SQL, ['shop.myshopify.com', 'AX-1']);
  assert.ok(p.includes('orders_by_apix_reference'), p);
});

test.run();
