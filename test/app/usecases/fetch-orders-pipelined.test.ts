/**
 * fetch-orders stores a page while the next is read: still one store at a time, in page order,
 * and a failed store stops the run with the cursor at the last page stored.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import { createFetchOrders, ORDERS_STREAM } from '../../../src/app/usecases/fetch-orders.js';
import type { OrderPage, OrderSource } from '../../../src/domain/ports/order-source.js';
import type { OrderIntake } from '../../../src/domain/ports/order-intake.js';
import type { OrdersPastHorizon } from '../../../src/domain/ports/orders-past-horizon.js';
import { createInMemoryOrderStore } from '../../support/fakes/order-store.js';
import { minimalOrder } from '../../support/minimal-order.js';
import { rejectionOf } from '../../support/rejection-of.js';
import { silent } from '../../support/silent-logger.js';

const tick = () => new Promise((r) => setImmediate(r));

/** Page i holds order i, updated at minute i; `read` lists the pages handed out. */
function source(
  n: number,
  read: number[],
): Pick<OrderSource, 'ordersUpdatedSince' | 'readsAllOrders'> {
  return {
    async *ordersUpdatedSince() {
      for (let i = 1; i <= n; i++) {
        read.push(i);
        const at = `2026-11-25T08:0${i}:00Z`;
        const order = minimalOrder({
          shopifyId: `gid://shopify/Order/${i}`,
          name: `#${i}`,
          updatedAt: at,
        });
        const page: OrderPage = {
          orders: [{ ok: true, value: { order, raw: {} } }],
          maxUpdatedAt: at,
        };
        yield page;
      }
    },
    readsAllOrders: async () => true,
  };
}

const context = () => ({
  runId: '1',
  signal: new AbortController().signal,
  logger: silent,
  counter: createRunCounter(),
  recordError: async () => {},
});
const options = { dryRun: false, overlapSeconds: 120, backfillDays: 7, skipTest: true };
const now = () => new Date('2026-11-25T09:00:00Z');

/** The in-memory store whose storePage takes a few turns and records overlaps and order. */
function slowStore(failOnPage: number | null, read: readonly number[]) {
  const fake = createInMemoryOrderStore(now);
  const stores: string[] = [];
  /** Pages read when each store ended. */
  const readBy: number[] = [];
  let active = 0;
  let overlapped = false;
  const store: OrderIntake & OrdersPastHorizon = {
    ...fake.store,
    async storePage(orders, stream, cursor) {
      overlapped ||= active > 0;
      active++;
      await tick();
      await tick();
      active--;
      readBy.push(read.length);
      if (cursor === `2026-11-25T08:0${failOnPage}:00Z`) throw new Error('connection terminated');
      if (cursor !== null && stream === ORDERS_STREAM) stores.push(cursor);
      return fake.store.storePage(orders, stream, cursor);
    },
  };
  return { store, stores, readBy, overlapped: () => overlapped };
}

test('pages are stored one at a time and in order, while the next is read', async () => {
  const read: number[] = [];
  const s = slowStore(null, read);
  const totals = await createFetchOrders({ source: source(5, read), store: s.store, now }).run(
    context(),
    options,
  );
  assert.is(totals.inserted, 5);
  assert.is(totals.fetched, 5);
  assert.equal(
    s.stores,
    [1, 2, 3, 4, 5].map((i) => `2026-11-25T08:0${i}:00Z`),
  );
  assert.not.ok(s.overlapped(), 'never two stores at once');
  // The page after each one was read before its store ended.
  assert.equal(s.readBy.slice(0, 4), [2, 3, 4, 5]);
  assert.is(await s.store.cursor(ORDERS_STREAM), '2026-11-25T08:05:00Z');
});

test('a failed store stops the run; the cursor stays at the last page stored', async () => {
  const read: number[] = [];
  const s = slowStore(3, read);
  const error = await rejectionOf(
    createFetchOrders({ source: source(5, read), store: s.store, now }).run(context(), options),
  );
  assert.is((error as Error).message, 'connection terminated');
  assert.is(await s.store.cursor(ORDERS_STREAM), '2026-11-25T08:02:00Z');
  // At most the page after the failed one was read (while page 3 was being stored).
  assert.ok(!read.includes(5), `read ${read.join(',')}`);
});

test.run();
