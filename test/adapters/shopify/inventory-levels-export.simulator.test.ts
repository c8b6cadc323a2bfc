import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BULK_QUERY_RUN } from '../../../src/adapters/shopify/bulk/bulk-documents.js';
import {
  createLevelFold,
  createShopifyLevelsExport,
} from '../../../src/adapters/shopify/inventory-levels-export.js';
import { createShopifyInventory } from '../../../src/adapters/shopify/shopify-inventory.js';
import { createTestLogger } from './support/test-logger.js';
import { startSimulatedShop, type SimulatedShop } from './support/simulated-shop.js';

const signal = new AbortController().signal;

async function shopWithVariants(
  count: number,
  bulkRowsPerSecond: number,
): Promise<{ shop: SimulatedShop; variants: string[] }> {
  const shop = await startSimulatedShop({ bulkRowsPerSecond });
  const products = shop.sim.state.seedProducts(count, (i) => ({
    title: `Tee ${i}`,
    productOptions: [{ name: 'Size', values: [{ name: 'M' }] }],
    variants: [{ optionValues: [{ optionName: 'Size', name: 'M' }], price: '9.00' }],
  }));
  const variants = products.map((id) => shop.sim.state.product(id)?.variants[0]?.id ?? '');
  return { shop, variants };
}

test('one bulk export reads every variant: its item, and on hand at the mapped locations only', async () => {
  const { shop, variants } = await shopWithVariants(3, 5000);
  try {
    const main = shop.sim.inventory.locations()[0]?.id ?? '';
    const outlet = shop.sim.inventory.addLocation('Outlet');
    const unmapped = shop.sim.inventory.addLocation('Pop-up');
    const [a, b, c] = variants as [string, string, string];
    const inventory = createShopifyInventory(shop.client());
    const items0 = await inventory.items([a, b], signal);
    await inventory.activate(
      [{ itemId: items0.get(a)?.itemId ?? '', locationIds: [main, outlet] }],
      signal,
    );
    await inventory.activate(
      [{ itemId: items0.get(b)?.itemId ?? '', locationIds: [unmapped] }],
      signal,
    );
    shop.sim.inventory.editOnHand(a, main, 7);
    shop.sim.inventory.editOnHand(a, outlet, 2);
    shop.sim.inventory.editOnHand(b, unmapped, 9);
    shop.sim.resetCounters();
    const logger = createTestLogger();
    const exporter = createShopifyLevelsExport({
      client: shop.client(),
      logger,
      polling: { min: 5, max: 20 },
    });
    const items = await exporter.exportLevels(new Set([main, outlet]), signal);
    assert.ok(items);
    assert.is(shop.sim.counters().rootFields['bulkOperationRunQuery'], 1);
    assert.equal(shop.sim.counters().rootFields['nodes'] ?? 0, 0, 'no paged read');
    assert.equal(
      [...(items.get(a)?.onHand ?? [])].sort(),
      [
        [main, 7],
        [outlet, 2],
      ].sort(),
    );
    assert.equal([...(items.get(b)?.onHand ?? [])], [], 'the unmapped location is left out');
    assert.ok(items.get(c), 'a variant stocked nowhere is still named, with its item');
    assert.match(items.get(c)?.itemId ?? '', /^gid:\/\/shopify\/InventoryItem\//);
  } finally {
    await shop.sim.close();
  }
});

test('a busy bulk slot answers null (the caller reads pages), and says so in the log', async () => {
  // Slow operations keep the five slots (MAX_CONCURRENT_BULK) taken while the export asks.
  const { shop } = await shopWithVariants(20, 1);
  try {
    const client = shop.client();
    for (let i = 0; i < 5; i++)
      await client.request(
        BULK_QUERY_RUN,
        { query: '{ products { edges { node { id } } } }' },
        { signal },
      );
    const logger = createTestLogger();
    const exporter = createShopifyLevelsExport({ client, logger });
    const main = shop.sim.inventory.locations()[0]?.id ?? '';
    assert.is(await exporter.exportLevels(new Set([main]), signal), null);
    assert.ok(
      logger.lines.some((l) => l.includes('bulk export of inventory levels not available now')),
      logger.lines.join('\n'),
    );
  } finally {
    await shop.sim.close();
  }
});

test('fold: level rows before or after their variant, naming the variant or its item', () => {
  const fold = createLevelFold(new Set(['L1', 'L2']));
  const level = (parent: string, location: string, quantity: number) => ({
    __parentId: parent,
    location: { id: location },
    quantities: [{ name: 'on_hand', quantity }],
  });
  fold.add(level('V1', 'L1', 4));
  fold.add({ id: 'V1', inventoryItem: { id: 'I1', tracked: true } });
  fold.add({ id: 'V2', inventoryItem: { id: 'I2', tracked: false } });
  fold.add(level('I2', 'L2', 3));
  fold.add(level('I2', 'L3', 8));
  fold.add({ id: 'V3', inventoryItem: null });
  fold.add(level('I4', 'L2', 6));
  fold.add(level('V4', 'L1', 1));
  fold.add({ id: 'V4', inventoryItem: { id: 'I4', tracked: true } });
  fold.add(level('I4', 'L1', 2));
  const items = fold.items();
  assert.equal(items.get('V1'), { itemId: 'I1', tracked: true, onHand: new Map([['L1', 4]]) });
  assert.equal(items.get('V2'), { itemId: 'I2', tracked: false, onHand: new Map([['L2', 3]]) });
  assert.is(items.has('V3'), false, 'a variant without an item is not named');
  assert.equal(
    items.get('V4'),
    {
      itemId: 'I4',
      tracked: true,
      onHand: new Map([
        ['L1', 2],
        ['L2', 6],
      ]),
    },
    'levels named by the item before its variant row came are kept too',
  );
  assert.is(items.size, 3);
});

test.run();
