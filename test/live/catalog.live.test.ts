import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCatalogScenario } from '../support/catalog-scenario.js';
import { liveSettings, liveTargetOrSkip, liveTestWhen } from '../support/live-target.js';
import type { ScenarioTarget } from '../support/scenario-target.js';

/*
 * Opt-in: the catalogue scenario of test/e2e/catalog-scenario.test.ts against a REAL development
 * store (LIVE_SHOPIFY_SHOP, LIVE_SHOPIFY_ACCESS_TOKEN; `make test-live`), with the same steps and
 * assertions. API X is the local simulator, seeded with a small catalogue under a unique prefix
 * (README, "Live verification"). Everything the run created is deleted at the end, and what could
 * not be is named. Without the variables every test is skipped, saying so.
 */
const settings = liveSettings(process.env);
const liveTest = liveTestWhen(settings.ok);

let target: ScenarioTarget | null = null;
let scenario: ReturnType<typeof createCatalogScenario> | null = null;

test.before(async () => {
  target = await liveTargetOrSkip(settings, 'live catalogue scenario');
  if (!target) return;
  scenario = createCatalogScenario(target);
  console.log(`live catalogue scenario: prefix ${scenario.prefix}`);
  await scenario.seed();
});
test.after(async () => {
  // Whatever failed above, the store gets its cleanup; leftovers are named for a person to remove.
  if (scenario) {
    const report = await scenario.cleanup();
    if (report.deleted.length > 0) console.log(`cleanup deleted: ${report.deleted.join(', ')}`);
    if (report.failed.length > 0)
      console.error(`CLEANUP INCOMPLETE, remove by hand: ${report.failed.join('; ')}`);
  }
  await target?.close();
});

liveTest(
  'live: a first sync creates the seeded catalogue: products, variants, prices, collections, publication',
  async () => {
    await scenario?.firstSyncCreatesEverything();
  },
);

liveTest('live: a second run right after writes nothing to Shopify', async () => {
  await scenario?.secondRunChangesNothing();
});

liveTest('live: a product removed from API X is archived, the others stay active', async () => {
  await scenario?.removedProductsAreArchived();
});

liveTest('live: the cleanup deletes exactly what the scenario created', async () => {
  const report = await scenario?.cleanup();
  assert.equal(report?.failed, []);
  await scenario?.assertNothingLeft();
});

test.run();
