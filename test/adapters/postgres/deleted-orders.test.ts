/**
 * Tombstones against real Postgres: the deletion check's marks keep one for every order it found
 * deleted, stored or not, and a page stored afterwards (by a later run, a new store over the
 * same database, as after a crash) leaves those orders out; a stored one stays deleted.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgOrderStore } from '../../../src/adapters/postgres/order-store.js';
import type { Order } from '../../../src/domain/model/order.js';
import { minimalOrder } from '../../support/minimal-order.js';
import { useTestDatabase } from '../../support/test-database.js';

const SHOP = 'tombstones.myshopify.com';
const OTHER_SHOP = 'other.myshopify.com';
const db = useTestDatabase(test);

const order = (n: number, updatedAt = '2026-11-25T08:00:00Z'): Order =>
  minimalOrder({ shopifyId: `gid://shopify/Order/${n}`, name: `#${n}`, updatedAt });
const input = (o: Order) => ({
  order: o,
  raw: {},
  payloadHash: `${o.shopifyId}:${o.updatedAt}`,
  push: true,
});
const destroyed = (n: number, deletedAt: string) => ({
  id: `gid://shopify/Order/${n}`,
  deletedAt,
});

test('orders found deleted are tombstoned, stored or not; a later page leaves them out', async () => {
  const firstRun = createPgOrderStore(db.pool, SHOP);
  // Order 3 is stored and waits; orders 1 and 3 are then found deleted, 1 never stored.
  await firstRun.storePage([input(order(3))], 'orders', null);
  const marked = await firstRun.markDeleted(
    [destroyed(1, '2026-11-25T08:30:00Z'), destroyed(3, '2026-11-25T08:31:00Z')],
    'order-deletions',
    '2026-11-25T09:00:00.000Z',
  );
  assert.equal(
    marked.map((m) => m.shopifyId),
    ['gid://shopify/Order/3'],
    'only the stored one is marked',
  );
  const { rows: stones } = await db.pool.query<{
    shopify_id: string;
    deleted_at: Date;
    recent: boolean;
  }>(
    `SELECT shopify_id, deleted_at, found_at > now() - interval '1 minute' AS recent
       FROM deleted_orders WHERE shop = $1 ORDER BY shopify_id`,
    [SHOP],
  );
  assert.equal(stones, [
    {
      shopify_id: 'gid://shopify/Order/1',
      deleted_at: new Date('2026-11-25T08:30:00Z'),
      recent: true,
    },
    {
      shopify_id: 'gid://shopify/Order/3',
      deleted_at: new Date('2026-11-25T08:31:00Z'),
      recent: true,
    },
  ]);

  // A later run (a new store over the same database) reads an export captured before the
  // deletions: 1 and a newer 3 come with 2.
  const laterRun = createPgOrderStore(db.pool, SHOP);
  const page = [input(order(1)), input(order(2)), input(order(3, '2026-11-25T08:20:00Z'))];
  // A dry run's preview counts the page as storing it will.
  const preview = await laterRun.previewPage(page);
  const stored = await laterRun.storePage(page, 'orders', '2026-11-25T08:20:00Z');
  assert.equal(stored, { inserted: 1, changed: 0, unchanged: 0, deleted: 2 });
  assert.equal(preview, stored, 'the dry run says what the run does');
  const { rows } = await db.pool.query<{ shopify_id: string; push_state: string }>(
    `SELECT shopify_id, push_state FROM orders WHERE shop = $1 ORDER BY shopify_id`,
    [SHOP],
  );
  assert.equal(rows, [
    { shopify_id: 'gid://shopify/Order/2', push_state: 'pending' },
    { shopify_id: 'gid://shopify/Order/3', push_state: 'deleted' },
  ]);
  assert.is(await laterRun.cursor('orders'), '2026-11-25T08:20:00Z', 'the cursor still moves');
  assert.equal(
    (await laterRun.claimDue(10, 300)).map((c) => c.shopifyId),
    ['gid://shopify/Order/2'],
    'nothing of 1 or 3 is ever pushed',
  );
});

test('a deletion found again keeps its first tombstone; another shop is not affected', async () => {
  const store = createPgOrderStore(db.pool, SHOP);
  await store.markDeleted(
    [destroyed(7, '2026-11-25T10:00:00Z')],
    'order-deletions',
    '2026-11-25T10:05:00.000Z',
  );
  await db.pool.query(
    `UPDATE deleted_orders SET found_at = '2026-11-25T10:05:00Z' WHERE shopify_id = $1`,
    ['gid://shopify/Order/7'],
  );
  // The events' overlap reads the same event again.
  await store.markDeleted(
    [destroyed(7, '2026-11-25T10:00:00Z')],
    'order-deletions',
    '2026-11-25T10:10:00.000Z',
  );
  const { rows } = await db.pool.query<{ found_at: Date }>(
    `SELECT found_at FROM deleted_orders WHERE shopify_id = $1`,
    ['gid://shopify/Order/7'],
  );
  assert.equal(rows, [{ found_at: new Date('2026-11-25T10:05:00Z') }]);

  const other = await createPgOrderStore(db.pool, OTHER_SHOP).storePage(
    [input(order(7))],
    'orders',
    null,
  );
  assert.equal(other, { inserted: 1, changed: 0, unchanged: 0 });
});

test.run();
