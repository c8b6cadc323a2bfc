/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   the test walks Shopify's JSON answers as untyped trees; the assertions are the type check. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { createTestClient } from './test-client.js';
import { useShopifySimulator } from '../../support/use-simulators.js';

const sim = useShopifySimulator(test, {
  locations: [{ name: 'Main warehouse' }, { name: 'Old shop', active: false }],
});
let gql: ReturnType<typeof createTestClient>;
let variantId = '';
let itemId = '';
let main = '';
let closed = '';

test.before(async () => {
  gql = createTestClient(sim);
  const [productId] = sim.state.seedProducts(1, () => ({
    title: 'Tee',
    productOptions: [{ name: 'Size', values: [{ name: 'M' }] }],
    variants: [{ optionValues: [{ optionName: 'Size', name: 'M' }], price: '9.00' }],
  }));
  variantId = sim.state.product(productId ?? '')?.variants[0]?.id ?? '';
  itemId = variantId.replace('ProductVariant', 'InventoryItem');
  [main, closed] = sim.inventory.locations().map((l) => l.id) as [string, string];
});

const SET = `mutation($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { reason referenceDocumentUri changes { name delta quantityAfterChange } }
    userErrors { field message code }
  }
}`;
const ACTIVATE = `mutation($item: ID!, $location: ID!, $key: String!) {
  inventoryActivate(inventoryItemId: $item, locationId: $location) @idempotent(key: $key) {
    inventoryLevel { id quantities(names: ["on_hand", "available"]) { name quantity } }
    userErrors { field message }
  }
}`;
const setInput = (quantities: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  name: 'on_hand',
  reason: 'correction',
  referenceDocumentUri: 'gid://api-x/StockSync/1',
  quantities,
  ...extra,
});
let keys = 0;
const key = () => `k-${++keys}`;

test('locations: inactive ones only with includeInactive', async () => {
  const q = `query($all: Boolean) { locations(first: 10, includeInactive: $all) { nodes { id name isActive } } }`;
  const active = await gql(q, { all: false });
  assert.equal(active.body.data.locations.nodes, [
    { id: main, name: 'Main warehouse', isActive: true },
  ]);
  const all = await gql(q, { all: true });
  assert.is(all.body.data.locations.nodes.length, 2);
});

test('an item is untracked until inventoryItemUpdate tracks it', async () => {
  const read = `query($id: ID!) { inventoryItem(id: $id) { tracked } }`;
  assert.is((await gql(read, { id: itemId })).body.data.inventoryItem.tracked, false);
  const r = await gql(
    `mutation($id: ID!) { inventoryItemUpdate(id: $id, input: { tracked: true }) { inventoryItem { tracked } userErrors { message } } }`,
    { id: itemId },
  );
  assert.equal(r.body.data.inventoryItemUpdate, {
    inventoryItem: { tracked: true },
    userErrors: [],
  });
  assert.ok(sim.inventory.tracked(variantId));
});

test('quantities at a location need activation first; inactive locations cannot be activated', async () => {
  const before = await gql(SET, {
    input: setInput([
      { inventoryItemId: itemId, locationId: main, quantity: 5, changeFromQuantity: 0 },
    ]),
    key: key(),
  });
  assert.is(before.body.data.inventorySetQuantities.userErrors[0].code, 'INVALID_LOCATION');
  const refused = await gql(ACTIVATE, { item: itemId, location: closed, key: key() });
  assert.is(refused.body.data.inventoryActivate.userErrors.length, 1);
  const ok = await gql(ACTIVATE, { item: itemId, location: main, key: key() });
  assert.equal(ok.body.data.inventoryActivate.inventoryLevel.quantities, [
    { name: 'on_hand', quantity: 0 },
    { name: 'available', quantity: 0 },
  ]);
});

test('the idempotency directive is required by both mutations', async () => {
  const r = await gql(
    `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }`,
    {
      input: setInput([
        { inventoryItemId: itemId, locationId: main, quantity: 5, changeFromQuantity: 0 },
      ]),
    },
  );
  assert.match(r.body.errors[0].message, /idempotency key/);
  assert.is(sim.inventory.level(variantId, main)?.onHand, 0);
});

test('compare-and-set: changeFromQuantity is mandatory, a stale one fails the whole mutation', async () => {
  const missing = await gql(SET, {
    input: setInput([{ inventoryItemId: itemId, locationId: main, quantity: 5 }]),
    key: key(),
  });
  assert.is(
    missing.body.data.inventorySetQuantities.userErrors[0].code,
    'COMPARE_QUANTITY_REQUIRED',
  );
  const ok = await gql(SET, {
    input: setInput([
      { inventoryItemId: itemId, locationId: main, quantity: 5, changeFromQuantity: 0 },
    ]),
    key: key(),
  });
  assert.equal(ok.body.data.inventorySetQuantities.inventoryAdjustmentGroup, {
    reason: 'correction',
    referenceDocumentUri: 'gid://api-x/StockSync/1',
    changes: [{ name: 'on_hand', delta: 5, quantityAfterChange: 5 }],
  });
  const stale = await gql(SET, {
    input: setInput([
      { inventoryItemId: itemId, locationId: main, quantity: 7, changeFromQuantity: 0 },
    ]),
    key: key(),
  });
  assert.equal(stale.body.data.inventorySetQuantities.userErrors, [
    {
      field: ['input', 'quantities', '0', 'changeFromQuantity'],
      message: 'The changeFromQuantity value does not match persisted value.',
      code: 'CHANGE_FROM_QUANTITY_STALE',
    },
  ]);
  assert.is(sim.inventory.level(variantId, main)?.onHand, 5);
});

test('the same key replays the first answer; other arguments or a failed first attempt are refused', async () => {
  const k = key();
  const input = setInput([
    { inventoryItemId: itemId, locationId: main, quantity: 8, changeFromQuantity: 5 },
  ]);
  const first = await gql(SET, { input, key: k });
  sim.inventory.editOnHand(variantId, main, 5);
  const again = await gql(SET, { input, key: k });
  assert.equal(again.body.data, first.body.data);
  assert.is(sim.inventory.level(variantId, main)?.onHand, 5, 'a replay changes nothing');
  const other = await gql(SET, { input: { ...input, reason: 'received' }, key: k });
  assert.is(
    other.body.data.inventorySetQuantities.userErrors[0].code,
    'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
  );
  const failedKey = key();
  const staleInput = setInput([
    { inventoryItemId: itemId, locationId: main, quantity: 8, changeFromQuantity: 99 },
  ]);
  await gql(SET, { input: staleInput, key: failedKey });
  const retry = await gql(SET, { input: staleInput, key: failedKey });
  assert.is(
    retry.body.data.inventorySetQuantities.userErrors[0].code,
    'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
  );
});

test('bad input: negative quantity, unknown item, duplicate pair, bad reason and reference', async () => {
  const table: [string, Record<string, unknown>, string][] = [
    [
      'negative',
      setInput([
        { inventoryItemId: itemId, locationId: main, quantity: -1, changeFromQuantity: null },
      ]),
      'INVALID_QUANTITY_NEGATIVE',
    ],
    [
      'unknown item',
      setInput([
        {
          inventoryItemId: 'gid://shopify/InventoryItem/999999',
          locationId: main,
          quantity: 1,
          changeFromQuantity: null,
        },
      ]),
      'INVALID_INVENTORY_ITEM',
    ],
    [
      'duplicate',
      setInput([
        { inventoryItemId: itemId, locationId: main, quantity: 1, changeFromQuantity: null },
        { inventoryItemId: itemId, locationId: main, quantity: 2, changeFromQuantity: null },
      ]),
      'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
    ],
    [
      'reason',
      setInput(
        [{ inventoryItemId: itemId, locationId: main, quantity: 1, changeFromQuantity: null }],
        { reason: 'sync' },
      ),
      'INVALID_REASON',
    ],
    [
      'reference',
      setInput(
        [{ inventoryItemId: itemId, locationId: main, quantity: 1, changeFromQuantity: null }],
        { referenceDocumentUri: 'no scheme' },
      ),
      'INVALID_REFERENCE_DOCUMENT',
    ],
  ];
  for (const [name, input, code] of table) {
    const r = await gql(SET, { input, key: key() });
    assert.is(r.body.data.inventorySetQuantities.userErrors[0]?.code, code, name);
  }
  assert.is(sim.inventory.level(variantId, main)?.onHand, 5);
});

test('an order commits stock: available drops, on hand stays; setting on hand keeps the commitment', async () => {
  sim.orders.create({ lineItems: [{ title: 'Tee', quantity: 2, unitPrice: '9.00', variantId }] });
  assert.equal(sim.inventory.level(variantId, main), { onHand: 5, committed: 2, available: 3 });
  const r = await gql(SET, {
    input: setInput([
      { inventoryItemId: itemId, locationId: main, quantity: 6, changeFromQuantity: 5 },
    ]),
    key: key(),
  });
  assert.equal(r.body.data.inventorySetQuantities.userErrors, []);
  assert.equal(sim.inventory.level(variantId, main), { onHand: 6, committed: 2, available: 4 });
  const levels = await gql(
    `query($id: ID!) { inventoryItem(id: $id) { inventoryLevels(first: 5) { nodes { location { id } quantities(names: ["on_hand", "committed", "available"]) { name quantity } } } } }`,
    { id: itemId },
  );
  assert.equal(levels.body.data.inventoryItem.inventoryLevels.nodes, [
    {
      location: { id: main },
      quantities: [
        { name: 'on_hand', quantity: 6 },
        { name: 'committed', quantity: 2 },
        { name: 'available', quantity: 4 },
      ],
    },
  ]);
});

test('inventoryBulkToggleActivation: one item at many locations in one call, all or nothing', async () => {
  const outlet = sim.inventory.addLocation('Outlet');
  const depot = sim.inventory.addLocation('Depot');
  const toggle = `mutation($item: ID!, $updates: [InventoryBulkToggleActivationInput!]!) {
    inventoryBulkToggleActivation(inventoryItemId: $item, inventoryItemUpdates: $updates) {
      inventoryLevels { location { id } quantities(names: ["on_hand"]) { quantity } }
      userErrors { field code }
    }
  }`;
  // An inactive location among them: nothing is stocked, the error names its line.
  const refused = await gql(toggle, {
    item: itemId,
    updates: [
      { locationId: outlet, activate: true },
      { locationId: closed, activate: true },
    ],
  });
  assert.equal(refused.body.data.inventoryBulkToggleActivation.userErrors, [
    { field: ['inventoryItemUpdates', '1', 'locationId'], code: 'FAILED_TO_STOCK_AT_LOCATION' },
  ]);
  assert.is(sim.inventory.level(variantId, outlet), undefined);
  const ok = await gql(toggle, {
    item: itemId,
    updates: [
      { locationId: outlet, activate: true },
      { locationId: depot, activate: true },
    ],
  });
  assert.equal(ok.body.data.inventoryBulkToggleActivation, {
    inventoryLevels: [
      { location: { id: outlet }, quantities: [{ quantity: 0 }] },
      { location: { id: depot }, quantities: [{ quantity: 0 }] },
    ],
    userErrors: [],
  });
  const unknown = await gql(toggle, {
    item: 'gid://shopify/InventoryItem/999999',
    updates: [{ locationId: outlet, activate: true }],
  });
  assert.is(
    unknown.body.data.inventoryBulkToggleActivation.userErrors[0].code,
    'INVENTORY_ITEM_NOT_FOUND',
  );
});

test('a fulfilment takes its units off committed and on hand at the location that committed them; a cancel gives them back', async () => {
  // An item stocked only at a second location: the order commits there, and its fulfillment
  // order is assigned there (not at the default location), so the two change together.
  const north = sim.inventory.addLocation('North');
  const [productId] = sim.state.seedProducts(1, () => ({
    title: 'Cap',
    productOptions: [{ name: 'Size', values: [{ name: 'S' }] }],
    variants: [{ optionValues: [{ optionName: 'Size', name: 'S' }], price: '5.00' }],
  }));
  const capVariant = sim.state.product(productId ?? '')?.variants[0]?.id ?? '';
  const capItem = capVariant.replace('ProductVariant', 'InventoryItem');
  await gql(
    `mutation($id: ID!) { inventoryItemUpdate(id: $id, input: { tracked: true }) { userErrors { message } } }`,
    { id: capItem },
  );
  await gql(ACTIVATE, { item: capItem, location: north, key: key() });
  await gql(SET, {
    input: setInput([
      { inventoryItemId: capItem, locationId: north, quantity: 10, changeFromQuantity: 0 },
    ]),
    key: key(),
  });
  const orderId = sim.orders.create({
    lineItems: [{ title: 'Cap', quantity: 3, unitPrice: '5.00', variantId: capVariant }],
  });
  assert.equal(sim.inventory.level(capVariant, north), { onHand: 10, committed: 3, available: 7 });
  const read = await gql(
    `query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { nodes { id assignedLocation { location { id } } lineItems(first: 5) { nodes { id inventoryItemId } } } } } }`,
    { id: orderId },
  );
  const fos = read.body.data.order.fulfillmentOrders.nodes;
  assert.is(fos.length, 1);
  assert.is(fos[0].assignedLocation.location.id, north);
  assert.is(fos[0].lineItems.nodes[0].inventoryItemId, capItem);
  const created = await gql(
    `mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { message } } }`,
    {
      f: {
        lineItemsByFulfillmentOrder: [
          {
            fulfillmentOrderId: fos[0].id,
            fulfillmentOrderLineItems: [{ id: fos[0].lineItems.nodes[0].id, quantity: 2 }],
          },
        ],
      },
    },
  );
  assert.equal(created.body.data.fulfillmentCreate.userErrors, []);
  // Fulfilled units leave committed, and on hand (available + committed) with them.
  assert.equal(sim.inventory.level(capVariant, north), { onHand: 8, committed: 1, available: 7 });
  const cancelled = await gql(
    `mutation($id: ID!) { fulfillmentCancel(id: $id) { userErrors { message } } }`,
    { id: created.body.data.fulfillmentCreate.fulfillment.id },
  );
  assert.equal(cancelled.body.data.fulfillmentCancel.userErrors, []);
  assert.equal(sim.inventory.level(capVariant, north), { onHand: 10, committed: 3, available: 7 });
});

test.run();
