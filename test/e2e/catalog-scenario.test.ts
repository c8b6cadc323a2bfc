import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCatalogScenario, SCENARIO_VENDOR } from '../support/catalog-scenario.js';
import { usePerFile } from '../support/per-file.js';
import { startSimulatorTarget } from '../support/scenario-target.js';

/*
 * The catalogue scenario that `make test-live` runs against a real development store
 * (test/live/catalog.live.test.ts), here against the Shopify simulator: same steps, same
 * assertions, read back through Admin GraphQL. Run in the normal suite, so the shared code and the
 * cleanup are exercised and can fail.
 */
let scenario: ReturnType<typeof createCatalogScenario>;
// The scenario's cleanup reads the shop through the target: it runs before the target closes.
const target = usePerFile(test, startSimulatorTarget, async (started) => {
  await scenario?.cleanup();
  await started.close();
});
test.before(async () => {
  scenario = createCatalogScenario(target);
  await scenario.seed();
});

test('a first sync creates the seeded catalogue: products, variants, prices, collections, publication', async () => {
  await scenario.firstSyncCreatesEverything();
});

test('a second run right after writes nothing to Shopify', async () => {
  await scenario.secondRunChangesNothing();
});

test('a product removed from API X is archived, the others stay active', async () => {
  await scenario.removedProductsAreArchived();
});

test('the cleanup deletes exactly what the scenario created, definitions included', async () => {
  // A merchant's product and collection that match the scenario's vendor and title but carry no
  // custom id with the marker: the cleanup must leave them alone.
  const merchant = await target.admin(
    `mutation { productSet(synchronous: true, input: { title: "Merchant's own", vendor: "${SCENARIO_VENDOR}" }) { product { id } userErrors { message } } }`,
  );
  const collection = await target.admin(
    `mutation { collectionCreate(collection: { title: "${SCENARIO_VENDOR} A" }) { collection { id } userErrors { message } } }`,
  );
  const productId = (merchant['productSet'] as { product: { id: string } }).product.id;
  const collectionId = (collection['collectionCreate'] as { collection: { id: string } }).collection
    .id;
  const report = await scenario.cleanup();
  assert.equal(report.failed, []);
  assert.is(report.deleted.length, 4 + 2 + 3, report.deleted.join('\n'));
  await scenario.assertNothingLeft();
  const still = await target.admin(
    `query($p: ID!, $c: ID!) { product(id: $p) { id } collection(id: $c) { id } }`,
    { p: productId, c: collectionId },
  );
  assert.equal(still, { product: { id: productId }, collection: { id: collectionId } });
});

test.run();
