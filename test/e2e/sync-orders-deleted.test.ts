import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adminMutation } from '../support/admin-mutation.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// Issue #16 item 5: an order deleted in Shopify after it was stored or pushed simply stops
// appearing in reads; its `destroy` event (the simulator's orderDelete cites the schema) is the
// only trace. The run marks it, never sends it again, counts it, and, since API X's contract has
// no deletion, records an error naming what to do in API X.

const e2e = useE2eEnvironment(test, { apix: { products: 3 } });

const env = { APIX_MAX_RETRIES: '0' };
const ORDER_DELETE = `mutation ($orderId: ID!) { orderDelete(orderId: $orderId) { deletedId userErrors { field message code } } }`;
const deleteOrder = (orderId: string) => adminMutation(e2e.shopify, ORDER_DELETE, { orderId });
const orderCounts = (r: { summary: Record<string, unknown> | null }) =>
  (r.summary?.['counts'] as Record<string, Record<string, number>> | undefined)?.['order'] ?? {};

test('an order API X received and then deleted in Shopify is recorded with what to do, counted and shown', async () => {
  const [kept, doomed] = e2e.shopify.orders.seed(2);
  if (!kept || !doomed) throw new Error('no orders');
  const first = await e2e.cli(['sync-orders'], env);
  assert.is(first.code, 0, first.stderr.slice(-2000));
  const reference = e2e.apix.orders.byExternalId(doomed)?.reference;
  assert.ok(reference);

  await deleteOrder(doomed);
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr.slice(-2000));
  assert.is(orderCounts(r)['deleted'], 1);
  assert.equal(r.summary?.['recordErrors'], { order: 1 });

  const { rows } = await e2e.db.pool.query<{ external_id: string; reason: string }>(
    `SELECT external_id, reason FROM record_errors`,
  );
  assert.is(rows.length, 1);
  assert.is(rows[0]?.external_id, doomed);
  assert.match(rows[0]?.reason ?? '', /deleted in Shopify after API X received it/);
  assert.match(rows[0]?.reason ?? '', new RegExp(`cancel or remove order ${reference} in API X`));
  assert.is(e2e.apix.orders.byExternalId(doomed)?.versions.length, 1, 'nothing sent for it');

  const status = await e2e.cli(['status', '--json']);
  const orders = (JSON.parse(status.stdout) as { orders: Record<string, unknown>[] }).orders;
  assert.is(orders[0]?.['deleted'], 1);
  assert.is(orders[0]?.['pushed'], 1);
  const human = await e2e.cli(['status']);
  assert.match(human.stdout, /orders deleted in Shopify after they were stored/);

  // The events are read again within the overlap: the deletion is reported once, not every run.
  const again = await e2e.cli(['sync-orders'], env);
  assert.is(again.code, 0);
  assert.is(orderCounts(again)['deleted'], undefined);
  assert.equal(again.summary?.['recordErrors'], {});
});

test('an order deleted before it reached API X is never sent, and said so', async () => {
  e2e.apix.faults.outage({ status: 503 });
  const [waiting] = e2e.shopify.orders.seed(1);
  if (!waiting) throw new Error('no order');
  const down = await e2e.cli(['sync-orders'], env);
  assert.is(down.code, 1, 'API X down: the order waits');
  e2e.apix.faults.clear();
  await deleteOrder(waiting);
  await e2e.db.pool.query(`UPDATE orders SET next_attempt_at = now()`);

  const r = await e2e.cli(['sync-orders'], { ...env, LOG_FORMAT: 'json' });
  assert.is(r.code, 0, r.stderr.slice(-2000));
  assert.is(orderCounts(r)['deleted'], 1);
  assert.is(orderCounts(r)['pushed'], undefined);
  assert.is(e2e.apix.orders.byExternalId(waiting), undefined, 'never sent');
  // Its push was answered 503, which the service retries as "may have arrived" (same idempotency
  // key): the operator is told to check API X rather than told it never got there.
  const { rows } = await e2e.db.pool.query<{ external_id: string; reason: string }>(
    `SELECT external_id, reason FROM record_errors WHERE external_id = $1`,
    [waiting],
  );
  assert.is(rows.length, 1);
  assert.is(rows[0]?.external_id, waiting);
  assert.match(rows[0]?.reason ?? '', /while a push of it \(version 1\) was in flight/);
  assert.match(rows[0]?.reason ?? '', /Check API X for order #\d+/);
});

test.run();
