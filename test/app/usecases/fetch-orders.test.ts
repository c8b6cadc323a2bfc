import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgOrderStore } from '../../../src/adapters/postgres/order-store.js';
import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import { createFetchOrders, ORDERS_STREAM } from '../../../src/app/usecases/fetch-orders.js';
import type { Order } from '../../../src/domain/model/order.js';
import type { RecordError } from '../../../src/domain/model/record-error.js';
import type { OrderPage, OrderSource } from '../../../src/domain/ports/order-source.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { minimalOrder } from '../../support/minimal-order.js';
import { silent } from '../../support/silent-logger.js';
import { useTestDatabase } from '../../support/test-database.js';

const db = useTestDatabase(test);

function order(n: number, updatedAt: string): Order {
  return minimalOrder({
    shopifyId: `gid://shopify/Order/${n}`,
    name: `#${n}`,
    createdAt: updatedAt,
    updatedAt,
    fulfillmentStatus: 'UNFULFILLED',
  });
}

/** A fake Shopify that serves the given pages (a malformed order among good ones). */
function source(pages: OrderPage[]): OrderSource {
  return {
    async *ordersUpdatedSince() {
      for (const page of pages) yield page;
    },
    async *deletedOrdersSince() {},
    readsAllOrders: async () => true,
    usage: () => ({ costPoints: 0, throttled: 0, requests: 0 }),
  };
}

test('a malformed order is recorded with its reason, the rest is stored, and the cursor moves past it', async () => {
  const malformed: RecordError = {
    entity: 'order',
    externalId: 'gid://shopify/Order/2',
    field: 'lineItems[0].quantity',
    reason: 'must be a whole number',
    payload: { id: 'gid://shopify/Order/2' },
  };
  const pages: OrderPage[] = [
    {
      orders: [
        { ok: true, value: { order: order(1, '2026-11-25T08:00:00Z'), raw: { id: 1 } } },
        { ok: false, error: malformed },
        { ok: true, value: { order: order(3, '2026-11-25T08:00:02Z'), raw: { id: 3 } } },
      ],
      maxUpdatedAt: '2026-11-25T08:00:02Z',
    },
  ];
  const store = createPgOrderStore(db.pool, 'a.myshopify.com');
  const recorded: RecordError[] = [];
  const counter = createRunCounter();
  const totals = await createFetchOrders({
    source: source(pages),
    store,
    now: () => new Date('2026-11-25T09:00:00Z'),
  }).run(
    {
      runId: '1',
      signal: new AbortController().signal,
      logger: silent,
      counter,
      recordError: async (e) => void recorded.push(e),
    },
    { dryRun: false, overlapSeconds: 120, backfillDays: 7, skipTest: true },
  );
  assert.equal(recorded, [malformed]);
  assert.is(totals.malformed, 1);
  assert.is(totals.inserted, 2);
  const { rows } = await db.pool.query<{ shopify_id: string }>(
    `SELECT shopify_id FROM orders ORDER BY shopify_id`,
  );
  assert.equal(
    rows.map((r) => r.shopify_id),
    ['gid://shopify/Order/1', 'gid://shopify/Order/3'],
  );
  assert.is(await store.cursor(ORDERS_STREAM), '2026-11-25T08:00:02Z');
});

test('an order whose text was repaired is stored and named in a warning (field, position), no record error', async () => {
  // What parse-shopify-order.ts hands over for a name typed with half an emoji: U+FFFD in place.
  const repaired = order(21, '2026-11-25T08:10:00Z');
  const pages: OrderPage[] = [
    {
      orders: [
        {
          ok: true,
          value: {
            order: { ...repaired, name: '#21 \ufffd' },
            raw: { id: 21 },
            repaired: [{ field: 'name', at: 4, unit: '\\ud83d' }],
          },
        },
        { ok: true, value: { order: order(22, '2026-11-25T08:10:01Z'), raw: { id: 22 } } },
      ],
      maxUpdatedAt: '2026-11-25T08:10:01Z',
    },
  ];
  const step = fakeStepContext('3');
  const totals = await createFetchOrders({
    source: source(pages),
    store: createPgOrderStore(db.pool, 'r.myshopify.com'),
    now: () => new Date('2026-11-25T09:00:00Z'),
  }).run(step.ctx, { dryRun: false, overlapSeconds: 120, backfillDays: 7, skipTest: true });
  assert.is(totals.inserted, 2, 'both stored');
  assert.equal(step.errors, []);
  const warnings = step.warnings();
  assert.is(warnings.length, 1, JSON.stringify(warnings));
  assert.match(warnings[0]!.message, 'gid://shopify/Order/21 (#21 \ufffd)');
  assert.match(warnings[0]!.message, 'name (a lone UTF-16 surrogate at position 4, \\ud83d)');
  assert.match(warnings[0]!.message, 'fix the text in Shopify');
  const { rows } = await db.pool.query<{ name: string }>(
    `SELECT name FROM orders WHERE shopify_id = 'gid://shopify/Order/21'`,
  );
  assert.equal(rows, [{ name: '#21 \ufffd' }]);
});

test('a page whose store fails leaves the cursor where it was: nothing is skipped', async () => {
  const store = createPgOrderStore(db.pool, 'b.myshopify.com');
  const failing = {
    ...store,
    storePage: async () => Promise.reject(new Error('connection terminated')),
  };
  const pages: OrderPage[] = [
    {
      orders: [{ ok: true, value: { order: order(9, '2026-11-25T08:30:00Z'), raw: {} } }],
      maxUpdatedAt: '2026-11-25T08:30:00Z',
    },
  ];
  let failed = false;
  await createFetchOrders({ source: source(pages), store: failing })
    .run(
      {
        runId: '2',
        signal: new AbortController().signal,
        logger: silent,
        counter: createRunCounter(),
        recordError: async () => {},
      },
      { dryRun: false, overlapSeconds: 120, backfillDays: 7, skipTest: true },
    )
    .catch(() => (failed = true));
  assert.ok(failed);
  assert.is(await store.cursor(ORDERS_STREAM), null);
});

test('an adopted export created before the last full read leaves the newer copy at the same stamp in Postgres', async () => {
  // Whole-second stamps: order 5 cancelled at 12:00:00.600 keeps the stamp of the copy an export
  // created at 12:00:00 holds. Run 1 (12:00:01.500) stored the cancelled copy; run 2 adopts the
  // export. The store would take the export's copy (same stamp, other hash) as a change.
  const stamp = '2026-11-30T12:00:00.000Z';
  const before = order(5, stamp);
  const after = { ...before, cancelledAt: stamp };
  const store = createPgOrderStore(db.pool, 'c.myshopify.com');
  const ctx = {
    runId: '3',
    signal: new AbortController().signal,
    logger: silent,
    counter: createRunCounter(),
    recordError: async () => {},
  };
  const run = (pages: OrderPage[], at: string) =>
    createFetchOrders({ source: source(pages), store, now: () => new Date(at) }).run(ctx, {
      dryRun: false,
      overlapSeconds: 120,
      backfillDays: 7,
      skipTest: true,
    });
  const page = (o: Order): OrderPage => ({
    orders: [{ ok: true, value: { order: o, raw: {} } }],
    maxUpdatedAt: stamp,
  });
  await run([page(after)], '2026-11-30T12:00:01.500Z');
  const adopted = await run([{ ...page(before), readFrom: stamp }], '2026-11-30T12:00:40.000Z');
  assert.equal([adopted.changed, adopted.unchanged], [0, 1]);
  const { rows } = await db.pool.query<{ cancelled: string | null; version: number }>(
    `SELECT normalized->>'cancelledAt' AS cancelled, version FROM orders
      WHERE shop = 'c.myshopify.com' AND shopify_id = $1`,
    [before.shopifyId],
  );
  assert.equal(rows, [{ cancelled: stamp, version: 1 }]);
});

test.run();
