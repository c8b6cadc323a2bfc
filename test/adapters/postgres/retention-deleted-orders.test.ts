import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgRetention } from '../../../src/adapters/postgres/retention.js';
import { useTestDatabase } from '../../support/test-database.js';

// Tombstones of deleted orders (deleted_orders) go with the retention, in batches, but never
// before eight days: an export captured before a deletion can serve the order for seven
// (retention.ts, PURGES.deletedOrders), so even RETENTION_DAYS=1 keeps a week-old tombstone.

const db = useTestDatabase(test);

async function tombstone(n: number, daysAgo: number): Promise<void> {
  await db.pool.query(
    `INSERT INTO deleted_orders (shop, shopify_id, deleted_at, found_at)
     VALUES ('s', $1, now() - make_interval(days => $2), now() - make_interval(days => $2))`,
    [`gid://shopify/Order/${n}`, daysAgo],
  );
}
const left = async () =>
  (
    await db.pool.query<{ shopify_id: string }>(
      `SELECT shopify_id FROM deleted_orders ORDER BY found_at DESC`,
    )
  ).rows.map((r) => Number(r.shopify_id.split('/').pop()));
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

test('tombstones past the retention go in batches; none younger than eight days', async () => {
  for (const [n, days] of [
    [1, 2],
    [2, 7],
    [3, 9],
    [4, 100],
    [5, 120],
    [6, 150],
  ] as const)
    await tombstone(n, days);

  // RETENTION_DAYS=90: the three older go, two a statement, two statements a run.
  const retention = createPgRetention(db.pool, { batchSize: 2, maxBatches: 2 });
  assert.is((await retention.purge(daysAgo(90))).deletedOrders, 3);
  assert.equal(await left(), [1, 2, 3]);

  // RETENTION_DAYS=1: only the one past eight days goes.
  assert.is((await retention.purge(daysAgo(1))).deletedOrders, 1);
  assert.equal(await left(), [1, 2]);
});

test.run();
