import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createShopifyInventory } from '../../../src/adapters/shopify/shopify-inventory.js';
import { useSimulatedShop } from './support/simulated-shop.js';

// A small bucket: one read of 10 items (650 requested points) fits, two in a row do not.
const shop = useSimulatedShop(test, { bucketSize: 650, restoreRate: 10 });
let variants: string[] = [];
test.before(() => {
  const products = shop.sim.state.seedProducts(20, (i) => ({
    title: `Tee ${i}`,
    productOptions: [{ name: 'Size', values: [{ name: 'M' }] }],
    variants: [{ optionValues: [{ optionName: 'Size', name: 'M' }], price: '9.00' }],
  }));
  variants = products.map((id) => shop.sim.state.product(id)?.variants[0]?.id ?? '');
});

const signal = new AbortController().signal;

test('items: the pacer reserves what Shopify requests per id, so reads are never THROTTLED', async () => {
  const inventory = createShopifyInventory(shop.client());
  shop.sim.resetCounters();
  const items = await inventory.items(variants, signal);
  assert.is(items.size, 20);
  assert.is(shop.sim.counters().throttled, 0);
});

test('activate: one call stocks the item at every location given, at on hand 0', async () => {
  const inventory = createShopifyInventory(shop.client());
  const second = shop.sim.inventory.addLocation('Outlet');
  const first = shop.sim.inventory.locations()[0]?.id ?? '';
  const item = (await inventory.items([variants[0] ?? ''], signal)).get(variants[0] ?? '');
  shop.sim.resetCounters();
  await inventory.activate([{ itemId: item?.itemId ?? '', locationIds: [first, second] }], signal);
  assert.is(shop.sim.counters().rootFields['inventoryBulkToggleActivation'], 1);
  for (const location of [first, second])
    assert.equal(shop.sim.inventory.level(variants[0] ?? '', location)?.onHand, 0);
});

// A level past the first page was taken for "not stocked, on hand 0": it could never be written.
test('items: an item stocked at more locations than one page holds is read at all of them', async () => {
  const inventory = createShopifyInventory(shop.client());
  const variant = variants[1] ?? '';
  const added = Array.from({ length: 25 }, (_, i) => shop.sim.inventory.addLocation(`Store ${i}`));
  const item = (await inventory.items([variant], signal)).get(variant);
  await inventory.activate([{ itemId: item?.itemId ?? '', locationIds: added }], signal);
  const last = added[added.length - 1] ?? '';
  shop.sim.inventory.editOnHand(variant, last, 7);
  const read = (await inventory.items([variant], signal)).get(variant);
  assert.is(read?.onHand.get(last), 7);
  for (const location of added) assert.ok(read?.onHand.has(location), location);
});

// "Failed to stock this inventory item at this location" [schema:
// InventoryBulkToggleActivationUserErrorCode.FAILED_TO_STOCK_AT_LOCATION]: an answer about this
// item, not a reason to stop the run.
test('activate: a refusal is returned, naming its code, not thrown', async () => {
  const inventory = createShopifyInventory(shop.client());
  const closed = shop.sim.inventory.addLocation('Closed', false);
  const item = (await inventory.items([variants[2] ?? ''], signal)).get(variants[2] ?? '');
  const refusal = (
    await inventory.activate([{ itemId: item?.itemId ?? '', locationIds: [closed] }], signal)
  ).get(item?.itemId ?? '');
  assert.ok(refusal?.includes('FAILED_TO_STOCK_AT_LOCATION'), String(refusal));
  assert.is(shop.sim.inventory.level(variants[2] ?? '', closed), undefined);
});

// "If you use GraphQL aliases to send multiple mutations in a single request, the base cost of
// 10 is charged for each alias" (shopify.dev changelog, dynamic complexity cost for
// metafieldsSet): many items per request, each mutation still paid for.
test('track and activate: many items in one aliased request, each mutation charged', async () => {
  const inventory = createShopifyInventory(shop.client());
  const picked = variants.slice(10, 16);
  const items = await inventory.items(picked, signal);
  const itemIds = picked.map((v) => items.get(v)?.itemId ?? '');
  const location = shop.sim.inventory.locations()[0]?.id ?? '';
  const closed = shop.sim.inventory.addLocation('Shut', false);
  shop.sim.resetCounters();
  await inventory.track(itemIds, signal);
  const refusals = await inventory.activate(
    itemIds.map((itemId, i) => ({ itemId, locationIds: i === 0 ? [closed] : [location] })),
    signal,
  );
  const c = shop.sim.counters();
  assert.is(c.requests, 2);
  assert.is(c.rootFields['inventoryItemUpdate'], 6);
  assert.is(c.rootFields['inventoryBulkToggleActivation'], 6);
  // 10 per mutation plus its userErrors list (an object: 1).
  assert.is(c.costSpent, 12 * 11);
  for (const v of picked) assert.ok(shop.sim.inventory.tracked(v), v);
  assert.equal([...refusals.keys()], [itemIds[0]]);
  assert.ok(refusals.get(itemIds[0] ?? '')?.includes('FAILED_TO_STOCK_AT_LOCATION'));
  for (const v of picked.slice(1)) assert.is(shop.sim.inventory.level(v, location)?.onHand, 0, v);
});

test.run();
