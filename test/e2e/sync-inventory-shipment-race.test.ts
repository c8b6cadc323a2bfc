import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';

/*
 * sync-inventory and the shipment step of sync-orders race on the same level: API X lowers its
 * on hand when it ships, and the fulfilment we create for that shipment makes Shopify lower it
 * too. Whichever job comes first, Shopify must end at API X's on hand, never above it.
 */

const e2e = useE2eEnvironment(test, {
  shopify: { locations: [{ name: 'Main warehouse' }] },
  apix: { products: 3, variantsPerProduct: [1, 1], warehouses: ['WH-1'] },
});
const inventoryEnv = { INVENTORY_LOCATIONS: 'WH-1=Main warehouse' };
const ordersEnv = { APIX_MAX_RETRIES: '0', SHIPMENTS_ENABLED: 'true' };
let location = '';
let variants: { externalId: string; gid: string }[] = [];

test.before(async () => {
  const catalogue = await e2e.cli(['sync-to-shopify']);
  assert.is(catalogue.code, 0, catalogue.stderr);
  location = e2e.shopify.inventory.locations()[0]!.id;
  const { rows } = await e2e.db.pool.query<{ external_id: string; shopify_id: string }>(
    `SELECT external_id, shopify_id FROM mappings WHERE entity = 'variant' ORDER BY external_id`,
  );
  variants = rows.map((r) => ({ externalId: r.external_id, gid: r.shopify_id }));
  await job('sync-inventory');
});

async function job(name: 'sync-inventory' | 'sync-orders') {
  const r = await e2e.cli([name], name === 'sync-inventory' ? inventoryEnv : ordersEnv);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  return r;
}

const shopLevel = (variant: string) => e2e.shopify.inventory.level(variant, location);

/**
 * A variant at 10 on hand in both systems and an order of `units` of it pushed to API X
 * (committed in Shopify); returns the order's GID.
 */
async function orderedAtTen(variant: { externalId: string; gid: string }, units: number) {
  e2e.apix.stock.set(variant.externalId, 'WH-1', 10);
  await job('sync-inventory');
  const order = e2e.shopify.orders.create({
    lineItems: [{ title: 'Item', quantity: units, unitPrice: '10.00', variantId: variant.gid }],
  });
  await job('sync-orders');
  assert.ok(e2e.apix.orders.byExternalId(order), 'pushed');
  assert.equal(shopLevel(variant.gid), { onHand: 10, committed: units, available: 10 - units });
  return order;
}

/** API X ships the whole order and its on hand drops by the units shipped. */
function ship(order: string, variant: { externalId: string }, units: number): void {
  e2e.apix.shipments.ship(order, { carrier: 'DHL Express', trackingNumbers: [`DHL-${order}`] });
  e2e.apix.stock.set(variant.externalId, 'WH-1', 10 - units);
}

test('stock written before the fulfilment: the next stock run sets Shopify back to API X', async () => {
  const variant = variants[0]!;
  const order = await orderedAtTen(variant, 3);
  ship(order, variant, 3);
  await job('sync-inventory');
  // API X's 7 are written while Shopify still counts the 3 as committed: 4 available for now.
  assert.equal(shopLevel(variant.gid), { onHand: 7, committed: 3, available: 4 });
  await job('sync-orders');
  // The fulfilment takes the 3 units off on hand a second time.
  assert.is(e2e.shopify.fulfillments.fulfillments(order).length, 1);
  assert.equal(shopLevel(variant.gid), { onHand: 4, committed: 0, available: 4 });
  // API X's level has not changed since: an incremental run must still set it back.
  const r = await job('sync-inventory');
  assert.equal(shopLevel(variant.gid), { onHand: 7, committed: 0, available: 7 });
  assert.equal(r.summary?.['recordErrors'], {});
  // Settled: the run after reads and writes nothing in Shopify.
  e2e.shopify.resetCounters();
  await job('sync-inventory');
  const fields = e2e.shopify.counters().rootFields;
  assert.equal(
    ['inventorySetQuantities', 'nodes'].map((f) => fields[f] ?? 0),
    [0, 0],
  );
});

test('fulfilment before the stock write: Shopify already holds API X, nothing is written', async () => {
  const variant = variants[1]!;
  const order = await orderedAtTen(variant, 2);
  ship(order, variant, 2);
  await job('sync-orders');
  const fulfilled = { onHand: 8, committed: 0, available: 8 };
  assert.equal(shopLevel(variant.gid), fulfilled);
  // The marked level is read before API X and found right: no write, not even a stale one.
  e2e.shopify.resetCounters();
  await job('sync-inventory');
  const roots = e2e.shopify.counters().rootFields;
  assert.equal([roots['inventorySetQuantities'] ?? 0, roots['nodes']], [0, 1]);
  assert.equal(shopLevel(variant.gid), fulfilled);
});

test.run();
