import axios from 'axios';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkAgainst, loadContract } from './contract-schema.js';
import { useApixSimulator } from '../../support/use-simulators.js';

const contract = loadContract();
const sim = useApixSimulator(test, { products: 10, categories: 2 });

const pair = (amount: string) => ({
  shop: { amount, currency: 'EUR' },
  presentment: { amount, currency: 'EUR' },
});

function receive(externalId: string, lines: [string, number][]): string {
  const body = {
    externalId,
    name: '#1',
    createdAt: '2026-11-01T10:00:00Z',
    updatedAt: '2026-11-01T10:00:00Z',
    test: false,
    currency: 'EUR',
    presentmentCurrency: 'EUR',
    lines: lines.map(([id, quantity]) => ({
      externalId: id,
      title: id,
      quantity,
      unitPrice: pair('1.00'),
      totalDiscount: pair('0'),
    })),
    totals: Object.fromEntries(
      ['subtotal', 'discounts', 'shipping', 'tax', 'total'].map((t) => [t, pair('1.00')]),
    ),
    status: { financial: 'paid', fulfillment: null, cancelledAt: null, cancelReason: null },
    refunds: [],
  };
  const answer = sim.orders.create(`key-${externalId}`, body);
  assert.is(answer.status, 201, JSON.stringify(answer.body));
  return (answer.body as { reference: string }).reference;
}

const read = async (query: string) => {
  const r = await axios.get<{ data: { id: string }[]; nextCursor: string | null }>(
    `${sim.url}/v1/shipments${query}`,
    { headers: { Authorization: `Bearer ${sim.token}` }, validateStatus: () => true },
  );
  return r;
};

test('full, partial, split, corrected and cancelled shipments are served as the contract says', async () => {
  const a = receive('gid://shopify/Order/1', [['gid://shopify/LineItem/11', 2]]);
  receive('gid://shopify/Order/2', [
    ['gid://shopify/LineItem/21', 3],
    ['gid://shopify/LineItem/22', 1],
  ]);
  const full = sim.shipments.ship(a);
  assert.equal(full.lines, [{ lineExternalId: 'gid://shopify/LineItem/11', quantity: 2 }]);
  assert.is(full.orderExternalId, 'gid://shopify/Order/1');
  const partial = sim.shipments.ship('gid://shopify/Order/2', {
    lines: [{ lineExternalId: 'gid://shopify/LineItem/21', quantity: 1 }],
    warehouseId: 'WH-NORTH',
    byReferenceOnly: true,
  });
  assert.is(partial.orderExternalId, null);
  const second = sim.shipments.ship('gid://shopify/Order/2', {
    lines: [
      { lineExternalId: 'gid://shopify/LineItem/21', quantity: 2 },
      { lineExternalId: 'gid://shopify/LineItem/22', quantity: 1 },
    ],
    warehouseId: 'WH-SOUTH',
    carrier: 'UPS',
  });
  const corrected = sim.shipments.correct(full.id, { trackingNumbers: ['NEW-1'] });
  assert.ok(corrected.updatedAt > full.updatedAt);
  const cancelled = sim.shipments.cancel(second.id);
  assert.is(cancelled.status, 'cancelled');
  assert.is(cancelled.cancelledAt, cancelled.updatedAt);

  const all = await read('?limit=2');
  assert.is(all.status, 200);
  assert.equal(checkAgainst(contract, 'ShipmentPage', all.data), []);
  assert.equal(
    all.data.data.map((s) => s.id),
    [partial.id, corrected.id],
  );
  const rest = await read(`?limit=2&cursor=${all.data.nextCursor}`);
  assert.equal(
    rest.data.data.map((s) => s.id),
    [second.id],
  );
  assert.is(rest.data.nextCursor, null);
  assert.equal(checkAgainst(contract, 'ShipmentPage', rest.data), []);

  // updatedSince is inclusive: the instant of the last change comes back.
  const since = await read(`?updatedSince=${encodeURIComponent(cancelled.updatedAt)}`);
  assert.equal(
    since.data.data.map((s) => s.id),
    [second.id],
  );
});

test('a cursor the API did not issue is a 400 naming the cursor', async () => {
  const r = await read('?cursor=bogus');
  assert.is(r.status, 400);
  assert.equal(checkAgainst(contract, 'Error', r.data), []);
});

test('shipping an order API X never received is a test bug, said at once', () => {
  assert.throws(() => sim.shipments.ship('SO-999999'), /never received/);
});

test.run();
