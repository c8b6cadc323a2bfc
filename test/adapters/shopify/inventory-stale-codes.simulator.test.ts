import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createShopifyInventory } from '../../../src/adapters/shopify/shopify-inventory.js';
import { useSimulatedShop } from './support/simulated-shop.js';

const shop = useSimulatedShop(test);
let variants: string[] = [];
let location = '';
test.before(() => {
  const products = shop.sim.state.seedProducts(3, (i) => ({
    title: `Sock ${i}`,
    productOptions: [{ name: 'Size', values: [{ name: 'M' }] }],
    variants: [{ optionValues: [{ optionName: 'Size', name: 'M' }], price: '4.00' }],
  }));
  variants = products.map((id) => shop.sim.state.product(id)?.variants[0]?.id ?? '');
  location = shop.sim.inventory.locations()[0]?.id ?? '';
});
test.after.each(() => shop.sim.inventory.answerStaleWith('CHANGE_FROM_QUANTITY_STALE'));

const signal = new AbortController().signal;
let key = 0;

/** Three levels at 0, the second edited by hand to 4: a write expecting 0 there is stale. */
async function staleWrite() {
  const inventory = createShopifyInventory(shop.client());
  const items = await inventory.items(variants, signal);
  const itemIds = variants.map((v) => items.get(v)?.itemId ?? '');
  await inventory.activate(
    itemIds.map((itemId) => ({ itemId, locationIds: [location] })),
    signal,
  );
  for (const v of variants) shop.sim.inventory.editOnHand(v, location, 0);
  shop.sim.inventory.editOnHand(variants[1] ?? '', location, 4);
  return inventory.setOnHand(
    itemIds.map((itemId) => ({ itemId, locationId: location, onHand: 7, changeFrom: 0 })),
    { referenceDocumentUri: 'gid://api-x/StockLevels/t', idempotencyKey: `stale-${++key}` },
    signal,
  );
}

// Both stale codes are in InventorySetQuantitiesUserErrorCode [schema 2026-10; shopify.dev,
// admin-graphql/latest/enums/InventorySetQuantitiesUserErrorCode]: COMPARE_QUANTITY_STALE
// ("The compareQuantity value does not match persisted value") is what the mutation answered
// before 2026-04 (shopify.dev admin-graphql/2025-04/enums/InventorySetQuantitiesUserErrorCode).
for (const code of ['CHANGE_FROM_QUANTITY_STALE', 'COMPARE_QUANTITY_STALE'] as const) {
  test(`${code} naming its line: that line is stale, nothing is refused`, async () => {
    shop.sim.inventory.answerStaleWith(code);
    const result = await staleWrite();
    assert.equal(result, { ok: false, stale: [1], errors: [] });
  });

  // InventorySetQuantitiesUserError.field is a nullable list [schema]: an error need not name
  // its line. Each line may be the stale one, so each is re-read (none is refused for it).
  test(`${code} naming no line: every line is answered stale, nothing is refused`, async () => {
    shop.sim.inventory.answerStaleWith(code, { namesLine: false });
    const result = await staleWrite();
    assert.equal(result, { ok: false, stale: [0, 1, 2], errors: [] });
  });
}

// Review R3: a line a non-stale error names is refused, even when a stale error names no line.
test('a stale error naming no line beside a refusal: the refused line is not stale', async () => {
  shop.sim.inventory.answerStaleWith('CHANGE_FROM_QUANTITY_STALE', { namesLine: false });
  const inventory = createShopifyInventory(shop.client());
  const items = await inventory.items(variants, signal);
  const itemIds = variants.map((v) => items.get(v)?.itemId ?? '');
  for (const v of variants) shop.sim.inventory.editOnHand(v, location, 0);
  shop.sim.inventory.editOnHand(variants[1] ?? '', location, 4);
  const result = await inventory.setOnHand(
    itemIds.map((itemId, i) => ({
      itemId,
      locationId: location,
      onHand: i === 0 ? -1 : 7,
      changeFrom: 0,
    })),
    { referenceDocumentUri: 'gid://api-x/StockLevels/t', idempotencyKey: `stale-${++key}` },
    signal,
  );
  assert.equal(result, {
    ok: false,
    stale: [1, 2],
    errors: [
      { index: 0, code: 'INVALID_QUANTITY_NEGATIVE', message: "The quantity can't be negative." },
    ],
  });
});

test.run();
