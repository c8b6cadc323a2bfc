import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useResilienceEnvironment } from '../resilience/support/resilience-environment.js';
import { shipmentProblems } from './support/shipment-invariants.js';

// Shopify executes fulfillmentCreate and the answer is lost on the way back (a dropped
// connection; a timeout or 5xx looks the same). Sent again, the mutation would fulfil the lines a
// second time or be refused and leave the real fulfilment unrecorded (issue #21). It is not sent
// again: the run fails loudly with the shipment left in `intent`, and the next run adopts it.
const env = useResilienceEnvironment(test, { apix: { products: 2, categories: 1 } });

const run = () =>
  env.run(['sync-orders'], { env: { APIX_MAX_RETRIES: '0', SHIPMENTS_ENABLED: 'true' } });

const shipmentRow = async (id: string) =>
  (
    await env.e2e.db.pool.query<{ state: string; fulfillment_id: string | null }>(
      `SELECT state, fulfillment_id FROM shipments WHERE shipment_id = $1`,
      [id],
    )
  ).rows;

test('the answer of fulfillmentCreate is lost once: no second fulfilment, the next run records the one', async () => {
  const order = env.e2e.shopify.orders.create({
    lineItems: [{ title: 'Item', quantity: 2, unitPrice: '10.00', sku: 'SKU-1' }],
  });
  const pushed = await run();
  assert.is(pushed.code, 0, pushed.stdout.slice(-2000));
  const s = env.e2e.apix.shipments.ship(order, { carrier: 'UPS', trackingNumbers: ['L-1'] });
  env.e2e.shopify.faults.loseAnswerOf('fulfillmentCreate');

  const lost = await run();
  assert.is.not(lost.code, 0, `the run says it failed: ${lost.stdout.slice(-2000)}`);
  assert.is(env.e2e.shopify.fulfillments.fulfillments(order).length, 1, 'sent once');
  assert.equal(await shipmentRow(s.id), [{ state: 'intent', fulfillment_id: null }]);

  await env.makeOrdersDue();
  const rerun = await run();
  assert.is(rerun.code, 0, rerun.stdout.slice(-2000));
  const fulfilments = env.e2e.shopify.fulfillments.fulfillments(order);
  assert.is(fulfilments.length, 1, 'still one fulfilment');
  assert.equal(await shipmentRow(s.id), [
    { state: 'fulfilled', fulfillment_id: fulfilments[0]!.id },
  ]);
  assert.equal(await shipmentProblems(env.e2e), []);
});

test('no secret in any output of this file', () => {
  assert.equal(env.leaks(), []);
});

test.run();
