/**
 * The sync-orders pipeline over in-memory ports: orders of a stored page are pushed while later
 * pages are still being read, the read starts while the deletion check runs (the push waits for
 * it), an order deleted in Shopify while it waited is still never sent (nor one the check finds
 * deleted before the read stores it),
 * every order goes out once, and a failed fetch stops the claims and fails the run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSyncOrdersPipeline } from '../../../src/app/pipeline/sync-orders.js';
import { contentHash } from '../../../src/app/usecases/content-hash.js';
import type { Order } from '../../../src/domain/model/order.js';
import type { OrderPage, OrderSource } from '../../../src/domain/ports/order-source.js';
import { createFakeOrderSink } from '../../support/fakes/order-sink.js';
import { pageOf } from '../../support/fakes/order-source.js';
import { createInMemoryOrderStore } from '../../support/fakes/order-store.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { SYNC_ORDERS_TEST_OPTIONS } from '../../support/fakes/sync-orders-options.js';
import { minimalOrder } from '../../support/minimal-order.js';
import { rejectionOf } from '../../support/rejection-of.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const options = SYNC_ORDERS_TEST_OPTIONS;
/** The destroy event of an order deleted a minute before the run. */
const destroyedNow = (id: string) => ({
  id,
  deletedAt: new Date(NOW.getTime() - 60_000).toISOString(),
});
const tick = () => new Promise<void>((r) => setImmediate(r));

const order = (n: number): Order =>
  minimalOrder({
    shopifyId: `gid://shopify/Order/${n}`,
    name: `#${1000 + n}`,
    updatedAt: new Date(NOW.getTime() - (100 - n) * 60_000).toISOString(),
  });

/**
 * Shopify with these pages (each yielded when `gate(i)` lets it) and these destroy events.
 * `failAfter`: the read breaks off after that many pages.
 */
function shopify(
  pages: readonly OrderPage[],
  gate: (index: number) => Promise<void>,
  deleted: readonly string[] = [],
  failAfter?: number,
): OrderSource {
  return {
    async *ordersUpdatedSince() {
      for (const [i, page] of pages.entries()) {
        if (i === failAfter) throw new Error('export download broke off');
        await gate(i);
        yield page;
      }
    },
    async *deletedOrdersSince() {
      for (const id of deleted) yield destroyedNow(id);
    },
    readsAllOrders: async () => true,
    usage: () => ({ costPoints: 0, throttled: 0, requests: 0 }),
  };
}

/** A store holding order 1, stored by an earlier run and waiting to be pushed. */
async function storeWithOneWaiting() {
  const box = createInMemoryOrderStore(() => NOW);
  const waiting = order(1);
  await box.store.storePage(
    [{ order: waiting, raw: {}, payloadHash: contentHash(waiting), push: true }],
    'orders',
    null,
  );
  return { box, waiting };
}

function pipeline(source: OrderSource, box = createInMemoryOrderStore(() => NOW)) {
  const api = createFakeOrderSink();
  const run = createSyncOrdersPipeline({
    shop: 'shop.myshopify.com',
    source,
    store: box.store,
    sink: api.sink,
    now: () => NOW,
  });
  return { run, api, box };
}

test("a stored page's orders go to API X while the next page is still being read", async () => {
  let sentBeforeSecondPage: number | null = null;
  const { run, api } = pipeline(
    shopify([pageOf([order(1), order(2)]), pageOf([order(3)])], async (i) => {
      if (i !== 1) return;
      // Page 2 waits (a bounded number of turns, all fakes are in memory) for page 1's pushes.
      for (let turn = 0; turn < 1000 && api.calls.length < 2; turn++) await tick();
      sentBeforeSecondPage = api.calls.length;
    }),
  );
  const plan = await run(fakeStepContext().ctx, options);
  assert.is(sentBeforeSecondPage, 2, 'page 1 was pushed before page 2 was read');
  assert.equal(
    api.calls.map((c) => c.shopifyId).sort(),
    [1, 2, 3].map((n) => order(n).shopifyId),
  );
  assert.is(plan.pushed.pushed, 3);
  assert.is(plan.fetched.inserted, 3);
});

test('an order deleted in Shopify while it waited is not sent, though pushes overlap the fetch', async () => {
  const { box, waiting } = await storeWithOneWaiting();
  const { run, api } = pipeline(
    shopify([pageOf([order(2)])], async () => {}, [waiting.shopifyId]),
    box,
  );
  const plan = await run(fakeStepContext().ctx, options);
  assert.equal(
    api.calls.map((c) => c.shopifyId),
    [order(2).shopifyId],
  );
  assert.is(plan.deleted.deleted, 1);
  assert.is(box.orders.get(waiting.shopifyId)?.state, 'deleted');
});

test('the read starts while the deletion check runs; the push waits for the check', async () => {
  const { box, waiting } = await storeWithOneWaiting();
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  let pagesRead = 0;
  const source: OrderSource = {
    async *ordersUpdatedSince() {
      pagesRead++;
      yield pageOf([order(2), order(3)]);
    },
    async *deletedOrdersSince() {
      await held;
      yield destroyedNow(waiting.shopifyId);
    },
    readsAllOrders: async () => true,
    usage: () => ({ costPoints: 0, throttled: 0, requests: 0 }),
  };
  const { run: runPipeline, api } = pipeline(source, box);
  const run = runPipeline(fakeStepContext().ctx, options);
  // The check is held: the read goes on (a bounded number of turns, all fakes are in memory).
  for (let turn = 0; turn < 1000 && box.orders.size < 3; turn++) await tick();
  const readWhileHeld = pagesRead;
  const storedWhileHeld = box.orders.size;
  const sentWhileHeld = api.calls.length;
  release();
  const plan = await run;
  assert.is(readWhileHeld, 1, 'the read started before the deletion check ended');
  assert.is(storedWhileHeld, 3, "the read's page was stored meanwhile");
  assert.is(sentWhileHeld, 0, 'nothing was pushed before the deletion check ended');
  assert.equal(api.calls.map((c) => c.shopifyId).sort(), [order(2).shopifyId, order(3).shopifyId]);
  assert.is(plan.deleted.deleted, 1);
  assert.is(box.orders.get(waiting.shopifyId)?.state, 'deleted');
});

test('a failed deletion check fails the run, stops the read and sends nothing', async () => {
  let reading = 0;
  const source: OrderSource = {
    async *ordersUpdatedSince(_since, signal) {
      // Pages keep coming until the read is stopped (bounded, so old code cannot hang).
      for (let i = 0; i < 50; i++) {
        signal?.throwIfAborted();
        reading++;
        await tick();
        yield pageOf([order(i + 1)]);
      }
    },
    // eslint-disable-next-line require-yield
    async *deletedOrdersSince() {
      await tick();
      throw new Error('events read failed');
    },
    readsAllOrders: async () => true,
    usage: () => ({ costPoints: 0, throttled: 0, requests: 0 }),
  };
  const { run, api } = pipeline(source);
  const error = await rejectionOf(run(fakeStepContext().ctx, options));
  assert.is((error as Error).message, 'events read failed');
  assert.is(api.calls.length, 0, 'nothing sent');
  assert.ok(reading < 50, `the read was stopped (${reading} pages read)`);
});

test('many pages: every order is sent once, and none is left due', async () => {
  const pages = Array.from({ length: 12 }, (_, p) =>
    pageOf(Array.from({ length: 7 }, (_, i) => order(p * 7 + i + 1))),
  );
  const { run, api, box } = pipeline(shopify(pages, tick));
  await run(fakeStepContext().ctx, { ...options, concurrency: 3 });
  const sent = api.calls.map((c) => c.shopifyId);
  assert.is(sent.length, 84);
  assert.is(new Set(sent).size, 84);
  assert.ok([...box.orders.values()].every((o) => o.state === 'pushed'));
});

test('a fetch that fails stops the claims and fails the run; stored orders wait or went out once', async () => {
  const pages = Array.from({ length: 5 }, (_, p) =>
    pageOf(Array.from({ length: 3 }, (_, i) => order(p * 3 + i + 1))),
  );
  const { run, api, box } = pipeline(shopify(pages, tick, [], 3));
  const error = await rejectionOf(run(fakeStepContext().ctx, options));
  assert.is((error as Error).message, 'export download broke off');
  const sent = api.calls.map((c) => c.shopifyId);
  assert.is(new Set(sent).size, sent.length, 'none sent twice');
  for (const o of box.orders.values())
    assert.ok(o.state === 'pushed' || o.state === 'pending', `${o.order.name}: ${o.state}`);
  assert.is(box.orders.size, 9, 'three pages stored');
});

test('an order the check finds deleted before the read stores it is never stored nor sent', async () => {
  // The export captured X before Shopify deleted it; the check reads X's destroy event while X
  // is not stored yet (marking finds nothing), and only then does the read yield X.
  const gone = order(1);
  const box = createInMemoryOrderStore(() => NOW);
  const source: OrderSource = {
    async *ordersUpdatedSince() {
      // A bounded number of turns (all in memory) for the check to mark and move its cursor.
      for (let turn = 0; turn < 1000 && !box.cursors.has('order-deletions'); turn++) await tick();
      yield pageOf([gone, order(2)]);
    },
    async *deletedOrdersSince() {
      yield destroyedNow(gone.shopifyId);
    },
    readsAllOrders: async () => true,
    usage: () => ({ costPoints: 0, throttled: 0, requests: 0 }),
  };
  const { run, api } = pipeline(source, box);
  await run(fakeStepContext().ctx, options);
  assert.ok(box.cursors.has('order-deletions'), 'the check ran before the page came');
  assert.equal(
    api.calls.map((c) => c.shopifyId),
    [order(2).shopifyId],
  );
  assert.is(box.orders.get(gone.shopifyId), undefined, 'the deleted order was not stored');
});

test.run();
