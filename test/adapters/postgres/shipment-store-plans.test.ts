import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createPgShipmentStore,
  ORDER_BY_REFERENCE_SQL,
} from '../../../src/adapters/postgres/shipment-store.js';
import type { Shipment, ShipmentRecord } from '../../../src/domain/model/shipment.js';
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

// Review R5: the held-shipments alert pages on the oldest WAITING one. A refused one waits for API X
// (counted in refused, named in record errors), and the migration stamped rows refused long ago:
// taken in, they paged at rollout and stayed red until API X sent a correction.
test('held: counts by cause; the oldest start is of waiting ones only', async () => {
  const store = createPgShipmentStore(db.pool, 'held.myshopify.com');
  assert.equal(await store.held(), { waiting: 0, refused: 0, oldestSince: null });
  const row = (id: string, heldSince: string, waiting: boolean): ShipmentRecord => {
    const shipment: Shipment = {
      id,
      orderId: null,
      orderReference: 'AX-1',
      warehouseId: null,
      locationId: null,
      lines: [],
      carrier: null,
      trackingNumbers: [],
      trackingUrl: null,
      shippedAt: heldSince,
      cancelled: false,
      updatedAt: heldSince,
    };
    return {
      shipmentId: id,
      orderId: null,
      state: 'held',
      fulfillmentId: null,
      locationId: null,
      lines: [],
      tracking: null,
      apixUpdatedAt: heldSince,
      intentAt: null,
      detail: 'x',
      heldSince,
      waiting: waiting ? shipment : null,
    };
  };
  await store.save(row('R1', '2026-10-01T00:00:00.000Z', false));
  assert.equal(await store.held(), { waiting: 0, refused: 1, oldestSince: null }, 'refused only');
  await store.save(row('W1', '2026-11-30T00:00:00.000Z', true));
  assert.equal(await store.held(), {
    waiting: 1,
    refused: 1,
    oldestSince: new Date('2026-11-30T00:00:00.000Z'),
  });
});

test.run();
