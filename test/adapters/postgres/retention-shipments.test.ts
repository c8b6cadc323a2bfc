import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgRetention } from '../../../src/adapters/postgres/retention.js';
import { useTestDatabase } from '../../support/test-database.js';

// Shipments past RETENTION_DAYS go when nothing more can happen to them (over, or their order is
// no longer kept), in small batches; one in 'intent' or still held for a kept order never does.

const db = useTestDatabase(test);

const KEPT_ORDER = 'gid://shopify/Order/1';
const GONE_ORDER = 'gid://shopify/Order/2';

async function shipment(id: string, state: string, order: string, daysAgo: number): Promise<void> {
  await db.pool.query(
    `INSERT INTO shipments (shop, shipment_id, order_shopify_id, state, fulfillment_id, lines, apix_updated_at, intent_at, updated_at)
     VALUES ('s', $1, $2, $3, $4, '[]', now(), $5, now() - make_interval(days => $6))`,
    [
      id,
      order,
      state,
      state === 'fulfilled' ? `gid://shopify/Fulfillment/${id}` : null,
      state === 'intent' ? new Date() : null,
      daysAgo,
    ],
  );
}

test('past the retention: over or orphaned shipments go in batches; intent, held for a kept order, and recent ones stay', async () => {
  await db.pool.query(
    `INSERT INTO orders (shop, shopify_id, name, shopify_updated_at, shopify_created_at, normalized, raw, payload_hash)
     VALUES ('s', $1, '#1', now(), now(), '{}', '{}', 'h')`,
    [KEPT_ORDER],
  );
  const gone = [
    ['fulfilled-old', 'fulfilled', KEPT_ORDER],
    ['cancelled-old', 'cancelled', KEPT_ORDER],
    ['left-alone-old', 'left-alone', KEPT_ORDER],
    ['held-of-purged-order', 'held', GONE_ORDER],
    ['fulfilled-of-purged-order', 'fulfilled', GONE_ORDER],
  ] as const;
  const kept = [
    ['intent-of-kept-order', 'intent', KEPT_ORDER, 100],
    ['intent-of-purged-order', 'intent', GONE_ORDER, 100],
    ['held-of-kept-order', 'held', KEPT_ORDER, 100],
    ['fulfilled-recent', 'fulfilled', KEPT_ORDER, 10],
    ['held-recent-unknown-order', 'held', GONE_ORDER, 10],
  ] as const;
  for (const [id, state, order] of gone) await shipment(id, state, order, 100);
  for (const [id, state, order, days] of kept) await shipment(id, state, order, days);

  // Two rows a statement, two statements a run: four of the five go now, the last next run.
  const retention = createPgRetention(db.pool, { batchSize: 2, maxBatches: 2 });
  const olderThan = new Date(Date.now() - 90 * 86_400_000);
  assert.is((await retention.purge(olderThan)).shipments, 4);
  assert.is((await retention.purge(olderThan)).shipments, 1);
  assert.is((await retention.purge(olderThan)).shipments, 0);

  const { rows } = await db.pool.query<{ shipment_id: string }>(
    `SELECT shipment_id FROM shipments ORDER BY shipment_id`,
  );
  assert.equal(
    rows.map((r) => r.shipment_id),
    kept.map(([id]) => id).sort(),
  );
});

test.run();
