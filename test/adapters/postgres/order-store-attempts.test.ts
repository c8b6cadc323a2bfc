/**
 * recordAttempts against real Postgres: one batch mixing every outcome moves each order as its
 * own outcome says and logs each attempt, in one statement.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgOrderStore } from '../../../src/adapters/postgres/order-store.js';
import type { Order } from '../../../src/domain/model/order.js';
import type { DueOrder, RecordedPush } from '../../../src/domain/ports/order-outbox.js';
import { minimalOrder } from '../../support/minimal-order.js';
import { useTestDatabase } from '../../support/test-database.js';

const SHOP = 'attempts.myshopify.com';
const db = useTestDatabase(test);

/** Order n as first stored, or (changed) refunded an hour later. */
const order = (n: number, changed = false): Order =>
  minimalOrder({
    shopifyId: `gid://shopify/Order/${n}`,
    name: `#${n}`,
    updatedAt: changed ? '2026-11-25T09:00:00Z' : '2026-11-25T08:00:00Z',
    financialStatus: changed ? 'REFUNDED' : 'PAID',
  });
const input = (o: Order) => ({
  order: o,
  raw: {},
  payloadHash: `${o.shopifyId}:${o.updatedAt}`,
  push: true,
});

test('one batch of accepted, retry and dead outcomes: each order moves as its outcome says', async () => {
  const store = createPgOrderStore(db.pool, SHOP);
  await store.storePage(
    [1, 2, 3, 4].map((n) => input(order(n))),
    'orders',
    null,
  );
  const claimed = await store.claimDue(10, 300);
  assert.is(claimed.length, 4);
  // Order 4 changes in Shopify while its version 1 is in flight.
  await store.storePage([input(order(4, true))], 'orders', null);
  const { rows: runs } = await db.pool.query<{ id: string }>(
    `INSERT INTO sync_runs (job, shop, trigger, status, holder) VALUES ('sync-orders', $1, 'manual', 'running', 'test') RETURNING id`,
    [SHOP],
  );
  const runId = runs[0]?.id ?? '';
  const retryAt = new Date('2030-01-01T00:00:00Z');
  const byId = new Map(claimed.map((c) => [c.shopifyId, c]));
  const due = (n: number): DueOrder => byId.get(`gid://shopify/Order/${n}`) as DueOrder;
  const attempt = (n: number) => ({ kind: 'create' as const, idempotencyKey: `key-${n}`, runId });
  const batch: RecordedPush[] = [
    { order: due(1), attempt: attempt(1), outcome: { kind: 'accepted', reference: 'X-1' } },
    {
      order: due(2),
      attempt: attempt(2),
      outcome: { kind: 'retry', reason: 'API X: 503', nextAttemptAt: retryAt },
    },
    { order: due(3), attempt: attempt(3), outcome: { kind: 'dead', reason: 'rejected: bad zip' } },
    { order: due(4), attempt: attempt(4), outcome: { kind: 'accepted', reference: 'X-4' } },
  ];
  await store.recordAttempts(batch);

  const { rows } = await db.pool.query<{
    shopify_id: string;
    push_state: string;
    apix_reference: string | null;
    pushed_version: number | null;
    inflight_version: number | null;
    attempts: number;
    last_error: string | null;
    next_attempt_at: Date;
  }>(
    `SELECT shopify_id, push_state, apix_reference, pushed_version, inflight_version, attempts, last_error, next_attempt_at
       FROM orders WHERE shop = $1 ORDER BY shopify_id`,
    [SHOP],
  );
  const state: Record<string, (typeof rows)[number] | undefined> = Object.fromEntries(
    rows.map((r) => [r.shopify_id.split('/').pop() ?? '', r]),
  );
  assert.equal(
    [state['1']?.push_state, state['1']?.apix_reference, state['1']?.pushed_version],
    ['pushed', 'X-1', 1],
  );
  assert.is(state['1']?.inflight_version, null);
  assert.equal(
    [state['2']?.push_state, state['2']?.attempts, state['2']?.last_error],
    ['failed', 1, 'API X: 503'],
  );
  assert.is(state['2']?.next_attempt_at.toISOString(), retryAt.toISOString());
  assert.is(state['2']?.inflight_version, 1, 'the key API X may have seen is kept');
  assert.equal(
    [state['3']?.push_state, state['3']?.last_error, state['3']?.inflight_version],
    ['dead', 'rejected: bad zip', null],
  );
  // Version 2 arrived while version 1 was in flight: pending again, with the reference.
  assert.equal(
    [state['4']?.push_state, state['4']?.apix_reference, state['4']?.pushed_version],
    ['pending', 'X-4', 1],
  );
  assert.equal(
    (await store.claimDue(10, 300)).map((c) => [c.shopifyId, c.version]),
    [['gid://shopify/Order/4', 2]],
  );

  const { rows: logged } = await db.pool.query<{
    shopify_id: string;
    outcome: string;
    idempotency_key: string;
    version: number;
    run_id: string;
  }>(
    `SELECT shopify_id, outcome, idempotency_key, version, run_id FROM order_push_attempts WHERE shop = $1 ORDER BY shopify_id`,
    [SHOP],
  );
  assert.equal(
    logged.map((l) => [l.shopify_id.split('/').pop(), l.outcome, l.idempotency_key, l.version]),
    [
      ['1', 'accepted', 'key-1', 1],
      ['2', 'retry', 'key-2', 1],
      ['3', 'rejected', 'key-3', 1],
      ['4', 'accepted', 'key-4', 1],
    ],
  );
  assert.ok(logged.every((l) => String(l.run_id) === String(runId)));
});

test('an accepted send of an older version whose claim expired leaves the newer re-claimed version to be sent', async () => {
  // The claim (300 s) expired while version 1 was in flight; the order changed (version 2) and was
  // claimed again. Version 1's late "accepted" must not mark version 2 pushed.
  const shop = 'expired-claim.myshopify.com';
  const store = createPgOrderStore(db.pool, shop);
  await store.storePage([input(order(5))], 'orders', null);
  const [first] = await store.claimDue(10, 300);
  assert.is(first?.inflightVersion, 1);
  await store.storePage([input(order(5, true))], 'orders', null);
  await db.pool.query(
    `UPDATE orders SET next_attempt_at = now() - interval '1 second' WHERE shop = $1`,
    [shop],
  );
  const [again] = await store.claimDue(10, 300);
  assert.is(again?.inflightVersion, 2);
  const { rows: runs } = await db.pool.query<{ id: string }>(
    `INSERT INTO sync_runs (job, shop, trigger, status, holder) VALUES ('sync-orders', $1, 'manual', 'running', 'test') RETURNING id`,
    [shop],
  );
  const attempt = { kind: 'create' as const, idempotencyKey: 'key-5-v1', runId: runs[0]?.id ?? '' };
  await store.recordAttempts([
    { order: first as DueOrder, attempt, outcome: { kind: 'accepted', reference: 'X-5' } },
  ]);
  const { rows } = await db.pool.query<{ push_state: string; pushed_version: number | null }>(
    `SELECT push_state, pushed_version FROM orders WHERE shop = $1`,
    [shop],
  );
  assert.equal(
    [rows[0]?.push_state, rows[0]?.pushed_version],
    ['pending', 1],
    'the version sent is recorded',
  );
  assert.equal(
    (await store.claimDue(10, 300)).map((c) => [c.shopifyId, c.version]),
    [['gid://shopify/Order/5', 2]],
  );
});

test('an empty batch writes nothing', async () => {
  await createPgOrderStore(db.pool, SHOP).recordAttempts([]);
});

test("storePage: each order's row holds its own normalized and raw documents, quotes and backslashes intact", async () => {
  const store = createPgOrderStore(db.pool, SHOP);
  const tricky = (n: number) => `say "${n}" \\ back\\slash, {brace}, 'quote', émoji 🚚`;
  const orders = [11, 12, 13].map((n) => ({
    ...input(minimalOrder({ ...order(n), cancelReason: tricky(n) })),
    raw: { id: n, note: tricky(n), nested: [{ n }] },
  }));
  await store.storePage(orders, 'orders', null);
  const { rows } = await db.pool.query<{ shopify_id: string; normalized: Order; raw: unknown }>(
    `SELECT shopify_id, normalized, raw FROM orders WHERE shop = $1 AND shopify_id = ANY($2) ORDER BY shopify_id`,
    [SHOP, orders.map((o) => o.order.shopifyId)],
  );
  assert.equal(
    rows.map((r) => [r.shopify_id, r.normalized, r.raw]),
    orders.map((o) => [o.order.shopifyId, o.order, o.raw]),
  );
});

test("storePage: a lone surrogate or NUL in Shopify's document is kept as U+FFFD; the page's other orders are stored", async () => {
  const store = createPgOrderStore(db.pool, SHOP);
  const orders = [21, 22, 23].map((n) => ({
    ...input(order(n)),
    raw:
      n === 22 ? { id: n, note: 'Flat 3 \ud83c', ['k\u0000']: ['\udfe0', 'a\u0000b'] } : { id: n },
  }));
  await store.storePage(orders, 'orders', null);
  const { rows } = await db.pool.query<{ raw: unknown }>(
    `SELECT raw FROM orders WHERE shop = $1 AND shopify_id = ANY($2) ORDER BY shopify_id`,
    [SHOP, orders.map((o) => o.order.shopifyId)],
  );
  assert.equal(
    rows.map((r) => r.raw),
    [
      { id: 21 },
      { id: 22, note: 'Flat 3 \ufffd', ['k\ufffd']: ['\ufffd', 'a\ufffdb'] },
      { id: 23 },
    ],
  );
});

test("recordAttempts: API X's words with a NUL or a lone surrogate are kept as U+FFFD; the batch's other outcomes are recorded", async () => {
  const store = createPgOrderStore(db.pool, SHOP);
  await store.storePage(
    [31, 32, 33].map((n) => input(order(n))),
    'orders',
    null,
  );
  const claimed = await store.claimDue(10, 300);
  const { rows: runs } = await db.pool.query<{ id: string }>(
    `INSERT INTO sync_runs (job, shop, trigger, status, holder) VALUES ('sync-orders', $1, 'manual', 'running', 'test') RETURNING id`,
    [SHOP],
  );
  const runId = runs[0]?.id ?? '';
  const due = (n: number) =>
    claimed.find((c) => c.shopifyId === `gid://shopify/Order/${n}`) as DueOrder;
  const attempt = (n: number) => ({ kind: 'create' as const, idempotencyKey: `key-${n}`, runId });
  await store.recordAttempts([
    {
      order: due(31),
      attempt: attempt(31),
      outcome: { kind: 'dead', reason: 'rejected: zip "30\u000000" unknown' },
    },
    {
      order: due(32),
      attempt: attempt(32),
      outcome: { kind: 'retry', reason: 'API X: busy \ud83c', nextAttemptAt: new Date() },
    },
    { order: due(33), attempt: attempt(33), outcome: { kind: 'accepted', reference: 'X-33' } },
  ]);
  const { rows } = await db.pool.query<{
    push_state: string;
    last_error: string | null;
    detail: string;
  }>(
    `SELECT o.push_state, o.last_error, a.detail FROM orders o
       JOIN order_push_attempts a USING (shop, shopify_id)
      WHERE o.shop = $1 AND o.shopify_id = ANY($2) ORDER BY o.shopify_id`,
    [SHOP, [31, 32, 33].map((n) => `gid://shopify/Order/${n}`)],
  );
  assert.equal(rows, [
    {
      push_state: 'dead',
      last_error: 'rejected: zip "30\ufffd00" unknown',
      detail: 'rejected: zip "30\ufffd00" unknown',
    },
    { push_state: 'failed', last_error: 'API X: busy \ufffd', detail: 'API X: busy \ufffd' },
    { push_state: 'pushed', last_error: null, detail: 'reference X-33' },
  ]);
});

test.run();
