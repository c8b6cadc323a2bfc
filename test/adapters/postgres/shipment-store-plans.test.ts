import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createPgShipmentStore,
  ORDER_BY_REFERENCE_SQL,
} from '../../../src/adapters/postgres/shipment-store.js';
import { useTestDatabase } from '../../support/test-database.js';

// The shipments step looks up each shipment's order, every sync-orders run; by API X reference
// (when API X names no Shopify id) it must go through an index, never read all the shop's orders
// (by Shopify id it is the primary key) (seq scans are
// priced out so the plan shows what an index can do; naming the index is the check).

const db = useTestDatabase(test);

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

// The first shipments read reaches back to the oldest order API X has from us (sync-shipments.ts).
test('oldestCreatedAt: the Shopify creation of the oldest order API X has from this shop', async () => {
  const shop = 'oldest.myshopify.com';
  const store = createPgShipmentStore(db.pool, shop);
  assert.is(await store.oldestCreatedAt(), null, 'no order stored');
  const insert = (id: number, createdAt: string, reference: string | null, inShop = shop) =>
    db.pool.query(
      `INSERT INTO orders (shop, shopify_id, name, shopify_updated_at, shopify_created_at, normalized, raw,
         payload_hash, apix_reference)
       VALUES ($1, $2, $3, now(), $4, '{}', 'null', 'h', $5)`,
      [inShop, `gid://shopify/Order/${id}`, `#${id}`, createdAt, reference],
    );
  await insert(1, '2026-01-01T00:00:00Z', null); // never reached API X: no shipment can name it
  await insert(2, '2026-03-05T10:00:00Z', 'AX-2');
  await insert(3, '2026-06-01T00:00:00Z', 'AX-3');
  await insert(4, '2025-01-01T00:00:00Z', 'AX-4', 'other.myshopify.com');
  assert.equal(await store.oldestCreatedAt(), new Date('2026-03-05T10:00:00Z'));
});

test.run();
