import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createShopifyFulfilments } from '../../../src/adapters/shopify/shopify-fulfilments.js';
import type { OrderFulfilment } from '../../../src/domain/ports/shopify-fulfilments.js';
import { useSimulatedShop } from './support/simulated-shop.js';

const shop = useSimulatedShop(test, { bucketSize: 100_000, restoreRate: 100_000 });

const signal = new AbortController().signal;

function order(lineCount: number, quantity: number): { id: string; lines: string[] } {
  const id = shop.sim.orders.create({
    lineItems: Array.from({ length: lineCount }, (_, i) => ({
      title: `Item ${i}`,
      quantity,
      unitPrice: '10.00',
      sku: `SKU-${i}`,
    })),
  });
  const lines = shop.sim.orders.get(id)!.lines.map((l) => `gid://shopify/LineItem/${l.num}`);
  return { id, lines };
}

/** What the simulator holds, in the shape of the port: remaining units and fulfilled lines. */
function remainingOf(read: OrderFulfilment): Record<string, number> {
  const out: Record<string, number> = {};
  for (const fo of read.fulfillmentOrders)
    for (const l of fo.lines) out[l.lineItemId] = (out[l.lineItemId] ?? 0) + l.remaining;
  return out;
}
const fulfilledOf = (read: OrderFulfilment) =>
  read.fulfilments.map((f) =>
    Object.fromEntries(f.lines.map((l) => [l.lineItemId, l.quantity] as const)),
  );

test('an order past every first page (13 fulfillment orders, one of 48 lines, 13 fulfilments, one of 15 lines) is read whole, beside a small one in the same batch', async () => {
  // 60 lines of 3 units: 12 lines routed to 12 more locations, 48 stay at the shop location.
  const big = order(60, 3);
  const locations = Array.from({ length: 12 }, (_, i) =>
    shop.sim.fulfillments.addLocation(`Warehouse ${i}`),
  );
  shop.sim.fulfillments.route(
    big.id,
    locations.map((location, i) => ({ location, lineItems: [big.lines[i]!] })),
  );
  // 12 fulfilments by hand of one unit each, then one of 15 lines.
  for (let i = 0; i < 12; i++)
    shop.sim.fulfillments.fulfilByHand(big.id, [{ lineItemId: big.lines[12 + i]!, quantity: 1 }]);
  shop.sim.fulfillments.fulfilByHand(
    big.id,
    big.lines.slice(30, 45).map((lineItemId) => ({ lineItemId, quantity: 1 })),
  );
  const small = order(2, 1);
  const unknown = 'gid://shopify/Order/999999999';

  shop.sim.resetCounters();
  const read = await createShopifyFulfilments(shop.client()).orderFulfilments(
    [big.id, small.id, unknown],
    signal,
  );
  const counters = shop.sim.counters();

  const b = read.get(big.id)!;
  assert.is(b.fulfillmentOrders.length, 13);
  assert.is(
    b.fulfillmentOrders.reduce((n, fo) => n + fo.lines.length, 0),
    60,
  );
  assert.equal(remainingOf(b), shop.sim.fulfillments.remaining(big.id));
  assert.is(b.fulfilments.length, 13);
  assert.equal(
    fulfilledOf(b),
    shop.sim.fulfillments.fulfillments(big.id).map((f) => f.lineItems),
  );
  assert.equal(
    b.fulfilments.map((f) => f.id),
    shop.sim.fulfillments.fulfillments(big.id).map((f) => f.id),
  );

  const s = read.get(small.id)!;
  assert.equal(remainingOf(s), { [small.lines[0]!]: 1, [small.lines[1]!]: 1 });
  assert.equal(s.fulfilments, []);
  assert.is(read.get(unknown), null);
  // One batched query for the three orders; the rest pages only the big one.
  assert.is(counters.rootFields['nodes'], 2, 'the batch and the fulfilments read by id');
  // Fulfillment orders past the first page (two more pages) and all fulfilment ids.
  assert.is(counters.rootFields['order'], 3);
  // The rest of the 48-line fulfillment order and of the 15-line fulfilment, from their nodes.
  assert.is(counters.rootFields['node'], 2);
});

test.run();
