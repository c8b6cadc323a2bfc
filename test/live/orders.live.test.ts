import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { liveSettings, liveTargetOrSkip, liveTestWhen } from '../support/live-target.js';
import { createOrdersScenario } from '../support/orders-scenario.js';
import type { ScenarioTarget } from '../support/scenario-target.js';

/*
 * Opt-in: the orders scenario of test/e2e/orders-scenario.test.ts against a REAL development store
 * (LIVE_SHOPIFY_SHOP, LIVE_SHOPIFY_ACCESS_TOKEN; `make test-live`), with the same steps and
 * assertions: a test order (orderCreate, test: true) is delivered by sync-orders to the local API X
 * simulator once, then its cancellation as a second version. The order is deleted at the end.
 * Without the variables every test is skipped, saying so.
 */
const settings = liveSettings(process.env);
const liveTest = liveTestWhen(settings.ok);

let target: ScenarioTarget | null = null;
let scenario: ReturnType<typeof createOrdersScenario> | null = null;

test.before(async () => {
  target = await liveTargetOrSkip(settings, 'live orders scenario');
  if (!target) return;
  scenario = createOrdersScenario(target);
  await scenario.createOrder();
});
test.after(async () => {
  // Whatever failed above, the test order is cancelled and deleted; a leftover is named.
  const failed = (await scenario?.cleanup()) ?? [];
  if (failed.length > 0) console.error(`CLEANUP INCOMPLETE, remove by hand: ${failed.join('; ')}`);
  await target?.close();
});

liveTest(
  'live: a test order arrives in API X exactly once, with the content Shopify shows',
  async () => {
    await scenario?.orderArrivesOnce();
  },
);

liveTest('live: its cancellation arrives as a second version of the same order', async () => {
  await scenario?.cancellationArrivesAsUpdate();
});

liveTest('live: the cleanup deletes the test order', async () => {
  assert.equal(await scenario?.cleanup(), []);
  await scenario?.assertOrderGone();
});

test.run();
