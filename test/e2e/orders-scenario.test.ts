import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createOrdersScenario } from '../support/orders-scenario.js';
import { usePerFile } from '../support/per-file.js';
import { startSimulatorTarget } from '../support/scenario-target.js';

/*
 * The orders scenario that `make test-live` runs against a real development store
 * (test/live/orders.live.test.ts), here against the Shopify simulator: same steps, same
 * assertions, Shopify read back through Admin GraphQL; the order is created,
 * cancelled and deleted through orderCreate, orderCancel and orderDelete on both.
 */
const target = usePerFile(test, startSimulatorTarget, (started) => started.close());
let scenario: ReturnType<typeof createOrdersScenario>;
test.before(async () => {
  scenario = createOrdersScenario(target);
  await scenario.createOrder();
});

test('a test order arrives in API X exactly once, with the content Shopify shows', async () => {
  await scenario.orderArrivesOnce();
});

test('its cancellation arrives as a second version of the same order', async () => {
  await scenario.cancellationArrivesAsUpdate();
});

test('the cleanup deletes the test order', async () => {
  assert.equal(await scenario.cleanup(), []);
  await scenario.assertOrderGone();
});

test.run();
