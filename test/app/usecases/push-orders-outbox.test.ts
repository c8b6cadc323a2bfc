/**
 * The push step over an in-memory outbox and API X: what is sent, under which key, and the state
 * each order is left in. (push-orders.test.ts covers when an outage fails the run.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contentHash } from '../../../src/app/usecases/content-hash.js';
import { orderPushKey } from '../../../src/app/usecases/order-push-key.js';
import { createPushOrders } from '../../../src/app/usecases/push-orders.js';
import type { Order } from '../../../src/domain/model/order.js';
import type { PushOutcome } from '../../../src/domain/ports/order-sink.js';
import { createFakeOrderSink, type SinkCall } from '../../support/fakes/order-sink.js';
import { createInMemoryOrderStore } from '../../support/fakes/order-store.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { minimalOrder } from '../../support/minimal-order.js';
import { rejectionOf } from '../../support/rejection-of.js';

const SHOP = 'shop.myshopify.com';
const NOW = new Date('2026-11-30T12:00:00Z');
const options = { dryRun: false, concurrency: 2, maxAttempts: 3 };

const order = (n: number, over: Partial<Order> = {}): Order =>
  minimalOrder({ shopifyId: `gid://shopify/Order/${n}`, name: `#${1000 + n}`, ...over });

async function outboxOf(...orders: Order[]) {
  const box = createInMemoryOrderStore(() => NOW);
  await box.store.storePage(
    orders.map((o) => ({ order: o, raw: {}, payloadHash: contentHash(o), push: true })),
    'orders',
    null,
  );
  return box;
}

function push(
  box: Awaited<ReturnType<typeof outboxOf>>,
  answer?: (call: SinkCall, index: number) => PushOutcome,
) {
  const api = createFakeOrderSink(answer);
  const step = createPushOrders({
    shop: SHOP,
    sink: api.sink,
    store: box.store,
    now: () => NOW,
    random: () => 0,
  });
  return { api, step };
}

test('every due order is created once under its content key and left pushed with its reference', async () => {
  const a = order(1);
  const b = order(2);
  const box = await outboxOf(a, b);
  const { api, step } = push(box);
  const { ctx, counter, errors } = fakeStepContext();
  const result = await step.run(ctx, options);
  assert.equal(result, { pushed: 2, retried: 0, dead: 0, due: 0 });
  assert.equal(
    [...api.calls].sort((x, y) => x.shopifyId.localeCompare(y.shopifyId)),
    [a, b].map((o) => ({
      kind: 'create',
      reference: null,
      shopifyId: o.shopifyId,
      idempotencyKey: orderPushKey(SHOP, { kind: 'create' }, o),
    })),
  );
  assert.equal(
    [a, b].map((o) => box.orders.get(o.shopifyId)?.state),
    ['pushed', 'pushed'],
  );
  assert.is(box.orders.get(a.shopifyId)?.apixReference, 'AX-1');
  assert.ok(box.attempts.every((t) => t.runId === 'run-1' && t.outcome.kind === 'accepted'));
  assert.is(counter.get('order', 'pushed'), 2);
  assert.equal(errors, []);
});

test('a later version of an accepted order goes to its reference as an update, keyed by the new content', async () => {
  const v1 = order(1);
  const box = await outboxOf(v1);
  await push(box).step.run(fakeStepContext().ctx, options);
  const v2 = order(1, { updatedAt: '2026-11-02T10:00:00Z', cancelledAt: '2026-11-02T10:00:00Z' });
  await box.store.storePage(
    [{ order: v2, raw: {}, payloadHash: contentHash(v2), push: true }],
    'orders',
    null,
  );
  assert.is(box.orders.get(v1.shopifyId)?.state, 'pending');
  const { api, step } = push(box);
  await step.run(fakeStepContext().ctx, options);
  assert.equal(api.calls, [
    {
      kind: 'update',
      reference: 'AX-1',
      shopifyId: v1.shopifyId,
      idempotencyKey: orderPushKey(SHOP, { kind: 'update', reference: 'AX-1' }, v2),
    },
  ]);
  const held = box.orders.get(v1.shopifyId);
  assert.equal([held?.state, held?.pushedVersion], ['pushed', 2]);
});

test('an order accepted while a newer version was stored is sent again in the same run once its outcome is written', async () => {
  const v1 = order(1);
  const v2 = order(1, { updatedAt: '2026-11-02T10:00:00Z', cancelledAt: '2026-11-02T10:00:00Z' });
  const box = await outboxOf(v1);
  const api = createFakeOrderSink();
  let changed = false;
  const step = createPushOrders({
    shop: SHOP,
    // The order changes in Shopify while version 1 is being sent.
    sink: {
      ...api.sink,
      async createOrder(o, key) {
        if (!changed) {
          changed = true;
          await box.store.storePage(
            [{ order: v2, raw: {}, payloadHash: contentHash(v2), push: true }],
            'orders',
            null,
          );
        }
        return api.sink.createOrder(o, key);
      },
    },
    store: box.store,
    now: () => NOW,
    random: () => 0,
  });
  await step.run(fakeStepContext().ctx, options);
  assert.equal(
    api.calls.map((c) => [c.kind, c.reference, c.idempotencyKey]),
    [
      ['create', null, orderPushKey(SHOP, { kind: 'create' }, v1)],
      ['update', 'AX-1', orderPushKey(SHOP, { kind: 'update', reference: 'AX-1' }, v2)],
    ],
  );
  const held = box.orders.get(v1.shopifyId);
  assert.equal([held?.state, held?.pushedVersion], ['pushed', 2]);
});

test('dry run: counts what is due and sends nothing, records nothing', async () => {
  const box = await outboxOf(order(1), order(2), order(3));
  const { api, step } = push(box);
  const result = await step.run(fakeStepContext().ctx, { ...options, dryRun: true });
  assert.equal(result, { pushed: 0, retried: 0, dead: 0, due: 3 });
  assert.equal(api.calls, []);
  assert.equal(box.attempts, []);
  assert.ok([...box.orders.values()].every((o) => o.state === 'pending' && o.attempts === 0));
});

test('a transient failure leaves the order failed with its back-off, not asked again this run', async () => {
  const box = await outboxOf(order(1), order(2), order(3));
  const { api, step } = push(box, (call) =>
    call.shopifyId.endsWith('/2')
      ? { kind: 'retry', reason: 'HTTP 503', retryAfterMs: null }
      : { kind: 'accepted', reference: 'R' },
  );
  const { ctx, counter, errors, warnings } = fakeStepContext();
  const result = await step.run(ctx, options);
  assert.equal(result, { pushed: 2, retried: 1, dead: 0, due: 0 });
  assert.is(api.calls.filter((c) => c.shopifyId.endsWith('/2')).length, 1);
  const failed = box.orders.get('gid://shopify/Order/2');
  assert.equal(
    [failed?.state, failed?.attempts, failed?.lastError, failed?.nextAttemptAt],
    ['failed', 1, 'HTTP 503', NOW.getTime() + 15_000],
  );
  assert.is(counter.get('order', 'deferred'), 1);
  assert.equal(errors, [], 'a deferred order is not a record error');
  assert.ok(warnings().some((w) => w.message === 'order push will be retried'));
});

test('the last allowed attempt failing makes the order dead and a record error naming it', async () => {
  const box = await outboxOf(order(7));
  const held = box.orders.get('gid://shopify/Order/7');
  if (held) held.attempts = options.maxAttempts - 1;
  const { step } = push(box, () => ({ kind: 'retry', reason: 'ECONNRESET', retryAfterMs: null }));
  const { ctx, errors } = fakeStepContext();
  // One transient failure and nothing delivered counts as an outage: the step fails too.
  await rejectionOf(step.run(ctx, options));
  assert.is(held?.state, 'dead');
  assert.equal(errors, [
    {
      entity: 'order',
      externalId: 'gid://shopify/Order/7',
      field: null,
      reason: 'gave up after 3 attempts; last error: ECONNRESET',
      payload: { name: '#1007', version: 1 },
    },
  ]);
});

test('a rejected order is dead with API X’s reason; the others are still delivered', async () => {
  const box = await outboxOf(order(1), order(2), order(3));
  const { step } = push(box, (call) =>
    call.shopifyId.endsWith('/1')
      ? { kind: 'rejected', status: 422, reason: 'zip code missing' }
      : { kind: 'accepted', reference: 'R' },
  );
  const { ctx, errors } = fakeStepContext();
  const result = await step.run(ctx, options);
  assert.equal(result, { pushed: 2, retried: 0, dead: 1, due: 0 });
  assert.is(box.orders.get('gid://shopify/Order/1')?.state, 'dead');
  assert.equal(
    errors.map((e) => [e.externalId, e.reason]),
    [['gid://shopify/Order/1', 'API X rejected the order (HTTP 422): zip code missing']],
  );
});

test('order_exists on a create: reconciled as an update of that reference and left pushed', async () => {
  const a = order(4);
  const box = await outboxOf(a);
  const { api, step } = push(box, (call) =>
    call.kind === 'create'
      ? { kind: 'exists', reference: 'AX-OLD' }
      : { kind: 'accepted', reference: call.reference ?? '' },
  );
  const { ctx } = fakeStepContext();
  await step.run(ctx, options);
  assert.equal(
    api.calls.map((c) => [c.kind, c.reference]),
    [
      ['create', null],
      ['update', 'AX-OLD'],
    ],
  );
  assert.equal(
    box.attempts.map((t) => [t.kind, t.idempotencyKey]),
    [['update', orderPushKey(SHOP, { kind: 'update', reference: 'AX-OLD' }, a)]],
  );
  assert.equal(
    [box.orders.get(a.shopifyId)?.state, box.orders.get(a.shopifyId)?.apixReference],
    ['pushed', 'AX-OLD'],
  );
});

test('a stop request ends the step before it claims: nothing sent, orders stay due', async () => {
  const box = await outboxOf(order(1), order(2));
  const { api, step } = push(box);
  const context = fakeStepContext();
  context.abort(new Error('SIGTERM'));
  const error = await rejectionOf(step.run(context.ctx, options));
  assert.is((error as Error).message, 'SIGTERM');
  assert.equal(api.calls, []);
  assert.is(await box.store.countDue(), 2);
});

/** A store of `count` due orders on a clock the test moves (claims lapse by it). */
async function clockedOutbox(count: number) {
  let clock = NOW.getTime();
  const box = createInMemoryOrderStore(() => new Date(clock));
  const orders = Array.from({ length: count }, (_, i) => order(i + 1));
  await box.store.storePage(
    orders.map((o) => ({ order: o, raw: {}, payloadHash: contentHash(o), push: true })),
    'orders',
    null,
  );
  return { box, orders, now: () => new Date(clock), advance: (ms: number) => void (clock += ms) };
}

/** The store, keeping the length of every claim asked of it. */
function recordingClaims(store: Awaited<ReturnType<typeof clockedOutbox>>['box']['store']) {
  const claimed: number[] = [];
  return {
    claimed,
    store: {
      ...store,
      claimDue: (limit: number, claimSeconds: number) => {
        claimed.push(claimSeconds);
        return store.claimDue(limit, claimSeconds);
      },
    },
  };
}

/** A promise the test releases: holds a send while the clock moves. */
function gate() {
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  return { held, release };
}

test('an order whose claim expired while it waited behind a slow API X is not sent; it is claimed again and sent once', async () => {
  // concurrency 1: claims of 10, the next asked for once fewer than 5 wait. The first send is
  // held while the clock passes the 300 s claim: the 9 orders waiting behind it lost their
  // claims, so the next claim (this run's) finds them due again.
  const { box, orders, now, advance } = await clockedOutbox(12);
  const api = createFakeOrderSink();
  const { held, release } = gate();
  let first = true;
  const step = createPushOrders({
    shop: SHOP,
    sink: {
      ...api.sink,
      createOrder: async (o, key) => {
        if (first) {
          first = false;
          await held;
        }
        return api.sink.createOrder(o, key);
      },
      updateOrder: (reference, o, key) => api.sink.updateOrder(reference, o, key),
    },
    store: box.store,
    now,
    random: () => 0,
  });
  const run = step.run(fakeStepContext().ctx, { ...options, concurrency: 1 });
  // A bounded number of turns (all in memory) for the first claim and the held send.
  for (let turn = 0; turn < 1000 && first; turn++) await new Promise<void>((r) => setImmediate(r));
  advance(301_000);
  release();
  const result = await run;
  const sent = api.calls.map((c) => c.shopifyId);
  assert.is(new Set(sent).size, sent.length, `none sent twice (${sent.length} sends)`);
  assert.equal([...sent].sort(), orders.map((o) => o.shopifyId).sort());
  assert.is(result.pushed, 12);
  assert.ok([...box.orders.values()].every((o) => o.state === 'pushed'));
});

test('an order whose send outlasts its claim is not sent again by a later claim while in flight', async () => {
  // concurrency 2: claims of 10. Order 1's send is held, and the clock passes the 300 s claim
  // while it is: the orders waiting behind it are not sent (they waited too long), the other
  // slot's sends bring on the next claim, and it finds order 1 due again. The old code sent that
  // copy in the free slot while the first was still in flight.
  const { box, orders, now, advance } = await clockedOutbox(12);
  const api = createFakeOrderSink();
  const inFlight = new Map<string, number>();
  let mostAtOnce = 0;
  const { held, release } = gate();
  let holding = false;
  const step = createPushOrders({
    shop: SHOP,
    sink: {
      ...api.sink,
      createOrder: async (o, key) => {
        const copies = (inFlight.get(o.shopifyId) ?? 0) + 1;
        inFlight.set(o.shopifyId, copies);
        mostAtOnce = Math.max(mostAtOnce, copies);
        try {
          if (o.shopifyId === orders[0]?.shopifyId && !holding) {
            holding = true;
            advance(301_000);
            await held;
          }
          return await api.sink.createOrder(o, key);
        } finally {
          inFlight.set(o.shopifyId, (inFlight.get(o.shopifyId) ?? 1) - 1);
        }
      },
      updateOrder: (reference, o, key) => api.sink.updateOrder(reference, o, key),
    },
    store: box.store,
    now,
    random: () => 0,
  });
  const { ctx, counter } = fakeStepContext();
  const run = step.run(ctx, options);
  // A bounded number of turns (all in memory) for the other slot's sends and the next claims.
  for (let turn = 0; turn < 1000; turn++) await new Promise<void>((r) => setImmediate(r));
  release();
  const result = await run;
  assert.is(mostAtOnce, 1, 'no order in flight twice at once');
  const sent = api.calls.map((c) => c.shopifyId);
  assert.is(new Set(sent).size, sent.length, `none sent twice (${sent.length} sends)`);
  // Every order is either pushed or counted as due for the next run.
  const pushed = [...box.orders.values()].filter((o) => o.state === 'pushed').length;
  assert.is(result.pushed, pushed);
  assert.is(result.pushed + result.due, 12);
  assert.is(counter.get('order', 'deferred'), result.due);
});

test("orders not sent for waiting out their claim, and not claimed again, are the step's due and counted as deferred", async () => {
  // concurrency 1, one claim of 10 (later claims find nothing, as when another pusher took the
  // lapsed orders): order 1's send is held while the clock passes the claim, so the 9 waiting
  // behind it are not sent. The old step reported due: 0 and counted nothing for them.
  const { box, now, advance } = await clockedOutbox(10);
  const api = createFakeOrderSink();
  const { held, release } = gate();
  let first = true;
  let claims = 0;
  const step = createPushOrders({
    shop: SHOP,
    sink: {
      ...api.sink,
      createOrder: async (o, key) => {
        if (first) {
          first = false;
          advance(301_000);
          await held;
        }
        return api.sink.createOrder(o, key);
      },
      updateOrder: (reference, o, key) => api.sink.updateOrder(reference, o, key),
    },
    store: {
      ...box.store,
      claimDue: async (limit, claimSeconds) =>
        claims++ === 0 ? box.store.claimDue(limit, claimSeconds) : [],
    },
    now,
    random: () => 0,
  });
  const { ctx, counter } = fakeStepContext();
  const run = step.run(ctx, { ...options, concurrency: 1 });
  for (let turn = 0; turn < 1000 && first; turn++) await new Promise<void>((r) => setImmediate(r));
  release();
  const result = await run;
  assert.equal(result, { pushed: 1, retried: 0, dead: 0, due: 9 });
  assert.is(counter.get('order', 'deferred'), 9);
  assert.is(await box.store.countDue(), 9);
});

test("the wait cut-off follows the sink's worst-case send: a fast sink's orders wait longer and are sent", async () => {
  // concurrency 1, a 300 s claim, a sink whose sends end within 30 s: orders may wait 270 s.
  // Order 1's send is held while the clock moves 250 s; the 9 waiting behind it are then sent
  // by this claim. The fixed 80% share (240 s) left them unsent, due for the next run.
  const { box, orders, now, advance } = await clockedOutbox(12);
  const api = createFakeOrderSink();
  const { held, release } = gate();
  let first = true;
  const claims = recordingClaims(box.store);
  const step = createPushOrders({
    shop: SHOP,
    sink: {
      ...api.sink,
      worstCaseSendMs: 30_000,
      createOrder: async (o, key) => {
        if (first) {
          first = false;
          advance(250_000);
          await held;
        }
        return api.sink.createOrder(o, key);
      },
    },
    store: claims.store,
    now,
    random: () => 0,
  });
  const run = step.run(fakeStepContext().ctx, { ...options, concurrency: 1 });
  for (let turn = 0; turn < 1000 && first; turn++) await new Promise<void>((r) => setImmediate(r));
  release();
  const result = await run;
  assert.equal(result, { pushed: 12, retried: 0, dead: 0, due: 0 });
  assert.equal(
    api.calls.map((c) => c.shopifyId),
    orders.map((o) => o.shopifyId),
  );
  assert.ok(claims.claimed.every((seconds) => seconds === 300));
});

test('a sink slower than half the claim gets claims of two worst-case sends', async () => {
  const { box, now } = await clockedOutbox(3);
  const api = createFakeOrderSink();
  const claims = recordingClaims(box.store);
  const step = createPushOrders({
    shop: SHOP,
    sink: { ...api.sink, worstCaseSendMs: 200_000 },
    store: claims.store,
    now,
  });
  const result = await step.run(fakeStepContext().ctx, options);
  assert.is(result.pushed, 3);
  assert.ok(
    claims.claimed.length > 0 && claims.claimed.every((seconds) => seconds === 400),
    String(claims.claimed),
  );
});

test.run();
