import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';

let firstIds: string[] = [];
const e2e = useE2eEnvironment(test, { apix: { products: 3 } });

const env = { APIX_MAX_RETRIES: '0', ORDERS_MAX_ATTEMPTS: '3' };
const states = async () => {
  const { rows } = await e2e.db.pool.query<{ push_state: string; n: string }>(
    `SELECT push_state, count(*) AS n FROM orders GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.push_state, Number(r.n)]));
};
/** Lets time pass for the back-off: every waiting order becomes due now. */
const makeDue = () =>
  e2e.db.pool.query(
    `UPDATE orders SET next_attempt_at = now() WHERE push_state IN ('pending', 'failed')`,
  );

test('new orders arrive in API X once; a rerun sends nothing again', async () => {
  const ids = e2e.shopify.orders.seed(25);
  firstIds = ids;
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.is(e2e.apix.orders.list().length, 25);
  for (const id of ids) assert.is(e2e.apix.orders.byExternalId(id)?.versions.length, 1, id);
  const again = await e2e.cli(['sync-orders'], env);
  assert.is(again.code, 0);
  assert.is(e2e.apix.orders.list().length, 25);
  assert.ok(e2e.apix.orders.list().every((o) => o.versions.length === 1));
});

test('a cancellation arrives as an update of the accepted order', async () => {
  const first = firstIds[0];
  assert.ok(first);
  if (!first) return;
  e2e.shopify.orders.cancel(first, 'CUSTOMER');
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr);
  const stored = e2e.apix.orders.byExternalId(first);
  assert.is(stored?.versions.length, 2);
  assert.is(e2e.apix.orders.list().length, 25, 'no second order');
});

test('during an API X outage the run fails, orders stay waiting and are delivered after it recovers', async () => {
  e2e.apix.faults.outage({ status: 503 });
  const ids = e2e.shopify.orders.seed(4);
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 1, r.stderr);
  assert.is(r.summary?.['status'], 'failed');
  const counts = (r.summary?.['counts'] as Record<string, Record<string, number>>)['order'];
  assert.is(counts?.['deferred'], 4, 'the failed deliveries are counted');
  assert.is(counts?.['pushed'], undefined);
  assert.match(String(r.summary?.['error']), /API X: unavailable for order deliveries: 4 of 4/);
  assert.is((await states())['failed'], 4);
  e2e.apix.faults.clear();
  await makeDue();
  const after = await e2e.cli(['sync-orders'], env);
  assert.is(after.code, 0);
  for (const id of ids) assert.is(e2e.apix.orders.byExternalId(id)?.versions.length, 1);
  assert.is((await states())['failed'] ?? 0, 0);
});

test('a permanent rejection ends as dead with the reason recorded', async () => {
  const [id] = e2e.shopify.orders.seed(1);
  assert.ok(id);
  if (!id) return;
  e2e.apix.orders.rejectOrder(id, [{ field: 'shippingAddress.zip', message: 'unknown postcode' }]);
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr);
  const { rows } = await e2e.db.pool.query<{ push_state: string; last_error: string }>(
    `SELECT push_state, last_error FROM orders WHERE shopify_id = $1`,
    [id],
  );
  assert.is(rows[0]?.push_state, 'dead');
  assert.match(rows[0]?.last_error ?? '', /422/);
  const errors = await e2e.db.pool.query<{ reason: string }>(
    `SELECT reason FROM record_errors WHERE external_id = $1`,
    [id],
  );
  assert.ok(errors.rows.length >= 1);
});

test('orders sharing one updatedAt across page boundaries are all stored', async () => {
  const at = new Date(Date.now() - 60_000).toISOString();
  const ids = e2e.shopify.orders.seed(40, () => ({ updatedAt: at, createdAt: at }));
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr);
  const { rows } = await e2e.db.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM orders WHERE shopify_id = ANY($1)`,
    [ids],
  );
  assert.is(Number(rows[0]?.n), 40);
});

test.run();
