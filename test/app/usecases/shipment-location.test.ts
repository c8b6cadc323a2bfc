import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createShipmentLocationPreference } from '../../../src/app/usecases/shipment-location.js';
import type { ShopLocation } from '../../../src/domain/model/stock.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';

const SHOP: readonly ShopLocation[] = [
  { id: 'gid://shopify/Location/1', name: 'Shop location', isActive: true },
  { id: 'gid://shopify/Location/2', name: 'North warehouse', isActive: true },
  { id: 'gid://shopify/Location/3', name: 'Old depot', isActive: false },
  { id: 'gid://shopify/Location/4', name: 'Twin', isActive: true },
  { id: 'gid://shopify/Location/5', name: 'Twin', isActive: true },
];

const ENTRIES = [
  { warehouseId: 'WH-N', location: 'North warehouse' },
  { warehouseId: 'WH-G', location: 'gid://shopify/Location/1' },
  { warehouseId: 'WH-OLD', location: 'Old depot' },
  { warehouseId: 'WH-GONE', location: 'Closed store' },
  { warehouseId: 'WH-TWIN', location: 'Twin' },
];

function preference() {
  const step = fakeStepContext();
  let reads = 0;
  const preferred = createShipmentLocationPreference(
    {
      entries: ENTRIES,
      shop: {
        locations: async () => {
          reads++;
          return SHOP;
        },
      },
    },
    step.ctx.logger,
  );
  return { step, preferred, reads: () => reads };
}

test('the preferred location: the mapped warehouse, only when API X named none', async () => {
  const rows: [string, string | null, string | null, string | null][] = [
    ['no warehouse', null, null, null],
    ['a warehouse not mapped', 'WH-X', null, null],
    ['mapped by name', 'WH-N', null, 'gid://shopify/Location/2'],
    ['mapped by GID', 'WH-G', null, 'gid://shopify/Location/1'],
    ['API X named the location: it decides', 'WH-N', 'gid://shopify/Location/1', null],
    ['mapped to an inactive location', 'WH-OLD', null, null],
    ['mapped to a location the shop lacks', 'WH-GONE', null, null],
    ['mapped to an ambiguous name', 'WH-TWIN', null, null],
  ];
  for (const [name, warehouseId, locationId, expected] of rows) {
    const { step, preferred } = preference();
    assert.is(await preferred({ warehouseId, locationId }, step.ctx.signal), expected, name);
    // A mapping that does not resolve is said (it places nothing); the others are silent.
    const warned = step.warnings().map((w) => w.message);
    if (name.startsWith('mapped to an') || name.endsWith('lacks')) {
      assert.is(warned.length, 1, name);
      assert.match(warned[0]!, `warehouse ${warehouseId}`);
      assert.match(warned[0]!, 'INVENTORY_LOCATIONS');
    } else assert.equal(warned, [], name);
  }
});

test('the shop is read once per run, only when a mapped warehouse needs it; a problem is said once', async () => {
  const { step, preferred, reads } = preference();
  await preferred({ warehouseId: 'WH-X', locationId: null }, step.ctx.signal);
  await preferred({ warehouseId: 'WH-N', locationId: 'gid://shopify/Location/1' }, step.ctx.signal);
  assert.is(reads(), 0, 'nothing to resolve');
  for (const warehouseId of ['WH-N', 'WH-G', 'WH-N', 'WH-GONE', 'WH-GONE'])
    await preferred({ warehouseId, locationId: null }, step.ctx.signal);
  assert.is(reads(), 1);
  assert.is(step.warnings().length, 1);
});

test('a failed read of the shop fails the step', async () => {
  const step = fakeStepContext();
  const preferred = createShipmentLocationPreference(
    {
      entries: ENTRIES,
      shop: { locations: () => Promise.reject(new Error('Shopify answered 503')) },
    },
    step.ctx.logger,
  );
  await preferred({ warehouseId: 'WH-N', locationId: null }, step.ctx.signal).then(
    () => assert.unreachable('resolved'),
    (e: unknown) => assert.match(String(e), 'Shopify answered 503'),
  );
});

test.run();
