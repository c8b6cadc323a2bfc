/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call --
   these tests walk Shopify's JSON answers as untyped trees; the assertions are the type check. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  FULFILLMENT_CANCEL,
  FULFILLMENT_CREATE,
  FULFILLMENT_TRACKING_UPDATE,
  ORDER_FULFILMENTS_QUERY,
} from '../../../src/adapters/shopify/fulfillment-documents.js';
import { FULFILMENT_READ_BATCH } from '../../../src/adapters/shopify/fulfilment-read.js';

import { loadAdminSchema } from '../../../simulators/shopify/schema.js';
import { createManualClock, createTestClient } from './test-client.js';
import { knownTrackingCompanies } from '../../../simulators/shopify/tracking-companies.js';
import { useShopifySimulator } from '../../support/use-simulators.js';

const clock = createManualClock(Date.parse('2026-11-25T07:00:00Z'));
const sim = useShopifySimulator(test, {
  now: clock.now,
  bucketSize: 100_000,
  restoreRate: 100_000,
});
let gql: ReturnType<typeof createTestClient>;

test.before(async () => {
  gql = createTestClient(sim);
});

function newOrder(quantities: number[]): { id: string; lines: string[] } {
  const id = sim.orders.create({
    lineItems: quantities.map((quantity, i) => ({
      title: `Item ${i}`,
      quantity,
      unitPrice: '10.00',
    })),
  });
  const lines = sim.orders.get(id)!.lines.map((l) => `gid://shopify/LineItem/${l.num}`);
  return { id, lines };
}

/** The service's batched read, here of one order plus (for the cost) a full batch of others. */
async function fulfilment(orderId: string, others: string[] = []) {
  const r = await gql(ORDER_FULFILMENTS_QUERY, { ids: [orderId, ...others] });
  assert.is(r.body.errors, undefined, JSON.stringify(r.body.errors));
  return { order: r.body.data.nodes[0], cost: r.body.extensions.cost.requestedQueryCost as number };
}

/** The fulfillment order line item id of an order line item (first open FO holding it). */
async function foLine(orderId: string, lineItemId: string) {
  const { order } = await fulfilment(orderId);
  for (const fo of order.fulfillmentOrders.nodes)
    for (const l of fo.lineItems.nodes)
      if (l.lineItem.id === lineItemId && l.remainingQuantity > 0)
        return { fo: fo.id as string, line: l.id as string, remaining: l.remainingQuantity };
  throw new Error(`no open line for ${lineItemId}`);
}

const create = (fulfillment: unknown) => gql(FULFILLMENT_CREATE, { fulfillment });

test('the tracking company list is the schema description`s, exactly as written', () => {
  const names = knownTrackingCompanies(loadAdminSchema());
  for (const name of ['DHL Express', 'UPS', 'FedEx', 'PostNL', 'Deutsche Post (DE)', 'Skynet'])
    assert.ok(names.has(name), name);
  assert.not.ok(names.has('dhl express'), 'capitalization matters');
  assert.ok(names.size > 120, String(names.size));
});

test('an order has one open fulfillment order at the shop location; a full batch of orders stays under 1,000 points', async () => {
  const o = newOrder([2, 1]);
  const others = Array.from({ length: FULFILMENT_READ_BATCH - 1 }, (_, i) => newOrder([i + 1]).id);
  const { order, cost } = await fulfilment(o.id, others);
  assert.ok(cost <= 1000, String(cost));
  assert.is(order.fulfillmentOrders.nodes.length, 1);
  const fo = order.fulfillmentOrders.nodes[0];
  assert.is(fo.status, 'OPEN');
  assert.is(fo.assignedLocation.location.id, sim.fulfillments.defaultLocation);
  assert.equal(
    fo.lineItems.nodes.map((l: { lineItem: { id: string }; remainingQuantity: number }) => [
      l.lineItem.id,
      l.remainingQuantity,
    ]),
    [
      [o.lines[0], 2],
      [o.lines[1], 1],
    ],
  );
  assert.equal(order.fulfillments, []);
});

test('fulfillmentCreate: a partial fulfilment with a known carrier gets a tracking URL built; the rest remains', async () => {
  const o = newOrder([3]);
  const before = sim.orders.get(o.id)!.updatedAt;
  clock.advance(5000);
  const l = await foLine(o.id, o.lines[0]!);
  const r = await create({
    lineItemsByFulfillmentOrder: [
      { fulfillmentOrderId: l.fo, fulfillmentOrderLineItems: [{ id: l.line, quantity: 2 }] },
    ],
    trackingInfo: { company: 'DHL Express', numbers: ['A1', 'A2'] },
    notifyCustomer: true,
  });
  assert.equal(r.body.data.fulfillmentCreate.userErrors, []);
  assert.is(r.body.data.fulfillmentCreate.fulfillment.status, 'SUCCESS');
  const [f] = sim.fulfillments.fulfillments(o.id);
  assert.equal(f!.lineItems, { [o.lines[0]!]: 2 });
  assert.is(f!.notifications, 1);
  assert.equal(
    f!.tracking.map((t) => [t.number, t.url !== null]),
    [
      ['A1', true],
      ['A2', true],
    ],
  );
  assert.equal(sim.fulfillments.remaining(o.id), { [o.lines[0]!]: 1 });
  const { order } = await fulfilment(o.id);
  assert.is(order.fulfillmentOrders.nodes[0].status, 'IN_PROGRESS');
  assert.is(sim.orders.get(o.id)!.displayFulfillmentStatus, 'PARTIALLY_FULFILLED');
  assert.ok(sim.orders.get(o.id)!.updatedAt > before, 'a fulfilment bumps updatedAt');
  assert.is(order.fulfillments[0].fulfillmentLineItems.nodes[0].quantity, 2);
});

test('fulfillmentCreate refuses more than remains, a foreign line and a closed fulfillment order, and changes nothing', async () => {
  const o = newOrder([1]);
  const other = newOrder([1]);
  const l = await foLine(o.id, o.lines[0]!);
  const x = await foLine(other.id, other.lines[0]!);
  const table: [string, unknown, string][] = [
    [
      'more than remains',
      [{ fulfillmentOrderId: l.fo, fulfillmentOrderLineItems: [{ id: l.line, quantity: 2 }] }],
      'Invalid fulfillment order line item quantity requested.',
    ],
    [
      'zero',
      [{ fulfillmentOrderId: l.fo, fulfillmentOrderLineItems: [{ id: l.line, quantity: 0 }] }],
      'Invalid fulfillment order line item quantity requested.',
    ],
    [
      'a line of another fulfillment order',
      [{ fulfillmentOrderId: l.fo, fulfillmentOrderLineItems: [{ id: x.line, quantity: 1 }] }],
      'Fulfillment order line item does not belong to the fulfillment order.',
    ],
    [
      'two orders at once',
      [{ fulfillmentOrderId: l.fo }, { fulfillmentOrderId: x.fo }],
      'All fulfillment orders must belong to the same order and be assigned to the same location.',
    ],
    [
      'an unknown fulfillment order',
      [{ fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/999999' }],
      'Fulfillment order does not exist.',
    ],
  ];
  for (const [name, groups, message] of table) {
    const r = await create({ lineItemsByFulfillmentOrder: groups });
    assert.is(r.body.data.fulfillmentCreate.fulfillment, null, name);
    assert.equal(
      r.body.data.fulfillmentCreate.userErrors.map((e: { message: string }) => e.message),
      [message],
      name,
    );
  }
  assert.equal(sim.fulfillments.fulfillments(o.id), []);
  // Whole fulfillment order (no line items given): "fulfills all items in the fulfillment order".
  const whole = await create({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: l.fo }] });
  assert.equal(whole.body.data.fulfillmentCreate.userErrors, []);
  const again = await create({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: l.fo }] });
  assert.match(
    again.body.data.fulfillmentCreate.userErrors[0].message,
    /unfulfillable status= closed/,
  );
  assert.is(sim.orders.get(o.id)!.displayFulfillmentStatus, 'FULFILLED');
});

test('a fulfillment order on hold, scheduled or incomplete is refused until released (FulfillmentOrderStatus)', async () => {
  for (const status of ['ON_HOLD', 'SCHEDULED', 'INCOMPLETE'] as const) {
    const o = newOrder([2]);
    const l = await foLine(o.id, o.lines[0]!);
    sim.fulfillments.hold(o.id, status);
    const { order } = await fulfilment(o.id);
    assert.equal(
      order.fulfillmentOrders.nodes.map((fo: { status: string }) => fo.status),
      [status],
    );
    const refused = await create({
      lineItemsByFulfillmentOrder: [
        { fulfillmentOrderId: l.fo, fulfillmentOrderLineItems: [{ id: l.line, quantity: 1 }] },
      ],
    });
    assert.is(refused.body.data.fulfillmentCreate.fulfillment, null, status);
    assert.equal(
      refused.body.data.fulfillmentCreate.userErrors.map((e: { message: string }) => e.message),
      [`Fulfillment order ${l.fo} has an unfulfillable status= ${status.toLowerCase()}.`],
    );
    assert.throws(() => sim.fulfillments.fulfilByHand(o.id), /nothing left to fulfil/);
    // A refund while held keeps the hold.
    sim.fulfillments.refundLineItems(o.id, [{ lineItemId: o.lines[0]!, quantity: 1 }]);
    assert.equal(sim.fulfillments.statuses(o.id), [status]);
    sim.fulfillments.release(o.id);
    assert.equal(sim.fulfillments.statuses(o.id), ['OPEN']);
    const made = await create({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: l.fo }] });
    assert.equal(made.body.data.fulfillmentCreate.userErrors, [], status);
    assert.equal(sim.fulfillments.statuses(o.id), ['CLOSED']);
  }
});

test('tracking input: url without number, url with urls, and a malformed url are refused', async () => {
  const o = newOrder([1]);
  const l = await foLine(o.id, o.lines[0]!);
  const table: [string, unknown][] = [
    ['url without number', { url: 'https://t.example/1' }],
    ['url and urls', { number: '1', url: 'https://t.example/1', urls: ['https://t.example/1'] }],
    ['not a URL', { company: 'Acme Freight', number: '1', url: 'not a url' }],
  ];
  for (const [name, trackingInfo] of table) {
    const r = await create({
      lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: l.fo }],
      trackingInfo,
    });
    assert.is(r.body.data.fulfillmentCreate.fulfillment, null, name);
    assert.ok(r.body.data.fulfillmentCreate.userErrors.length > 0, name);
  }
  // An unknown carrier with its URL is kept as sent; without one its number is not clickable.
  const ok = await create({
    lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: l.fo }],
    trackingInfo: { company: 'Acme Freight', number: 'Z9', url: 'https://acme.example/t/Z9' },
  });
  assert.equal(ok.body.data.fulfillmentCreate.userErrors, []);
  assert.equal(sim.fulfillments.fulfillments(o.id)[0]!.tracking, [
    { company: 'Acme Freight', number: 'Z9', url: 'https://acme.example/t/Z9' },
  ]);
});

test('fulfillmentTrackingInfoUpdate replaces the tracking and notifies only when asked', async () => {
  const o = newOrder([1]);
  const l = await foLine(o.id, o.lines[0]!);
  const r = await create({
    lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: l.fo }],
    trackingInfo: { company: 'UPS', number: 'OLD' },
  });
  const id = r.body.data.fulfillmentCreate.fulfillment.id;
  const quiet = await gql(FULFILLMENT_TRACKING_UPDATE, {
    fulfillmentId: id,
    trackingInfoInput: { company: 'UPS', numbers: ['NEW1', 'NEW2'] },
  });
  assert.equal(quiet.body.data.fulfillmentTrackingInfoUpdate.userErrors, []);
  let [f] = sim.fulfillments.fulfillments(o.id);
  assert.equal(
    f!.tracking.map((t) => t.number),
    ['NEW1', 'NEW2'],
  );
  assert.is(f!.notifications, 0);
  await gql(FULFILLMENT_TRACKING_UPDATE, {
    fulfillmentId: id,
    trackingInfoInput: { company: 'UPS', number: 'NEW3' },
    notifyCustomer: true,
  });
  [f] = sim.fulfillments.fulfillments(o.id);
  assert.is(f!.notifications, 1);
  const missing = await gql(FULFILLMENT_TRACKING_UPDATE, {
    fulfillmentId: 'gid://shopify/Fulfillment/999999',
    trackingInfoInput: { number: 'X' },
  });
  assert.is(
    missing.body.data.fulfillmentTrackingInfoUpdate.userErrors[0].message,
    'Fulfillment does not exist.',
  );
});

test('fulfillmentCancel gives the units back: a new open fulfillment order where the old one closed', async () => {
  const o = newOrder([2]);
  const l = await foLine(o.id, o.lines[0]!);
  const r = await create({ lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: l.fo }] });
  const id = r.body.data.fulfillmentCreate.fulfillment.id;
  assert.equal(sim.fulfillments.remaining(o.id), { [o.lines[0]!]: 0 });
  const c = await gql(FULFILLMENT_CANCEL, { id });
  assert.equal(c.body.data.fulfillmentCancel.userErrors, []);
  assert.is(c.body.data.fulfillmentCancel.fulfillment.status, 'CANCELLED');
  assert.equal(sim.fulfillments.remaining(o.id), { [o.lines[0]!]: 2 });
  const { order } = await fulfilment(o.id);
  assert.equal(
    order.fulfillmentOrders.nodes.map(
      (fo: { id: string; status: string; assignedLocation: { location: { id: string } } }) =>
        fo.status,
    ),
    ['CLOSED', 'OPEN'],
  );
  assert.is(sim.orders.get(o.id)!.displayFulfillmentStatus, 'UNFULFILLED');
  const twice = await gql(FULFILLMENT_CANCEL, { id });
  assert.is(
    twice.body.data.fulfillmentCancel.userErrors[0].message,
    'Fulfillment is already cancelled.',
  );
});

test('routing to two locations: one fulfillment order each; one fulfilment cannot span them', async () => {
  const o = newOrder([1, 1]);
  const north = sim.fulfillments.addLocation('North warehouse');
  sim.fulfillments.route(o.id, [{ location: north, lineItems: [o.lines[1]!] }]);
  const { order } = await fulfilment(o.id);
  assert.equal(
    order.fulfillmentOrders.nodes
      .map(
        (fo: { id: string; status: string; assignedLocation: { location: { id: string } } }) =>
          fo.assignedLocation.location.id,
      )
      .sort(),
    [sim.fulfillments.defaultLocation, north].sort(),
  );
  const r = await create({
    lineItemsByFulfillmentOrder: order.fulfillmentOrders.nodes.map(
      (fo: { id: string; status: string; assignedLocation: { location: { id: string } } }) => ({
        fulfillmentOrderId: fo.id,
      }),
    ),
  });
  assert.match(r.body.data.fulfillmentCreate.userErrors[0].message, /same location/);
});

test('routing part of a line: its units split over two fulfillment orders; more than unplaced is refused', async () => {
  const o = newOrder([3, 1]);
  const north = sim.fulfillments.addLocation('North warehouse');
  sim.fulfillments.route(o.id, [
    { location: north, lineItems: [{ lineItem: o.lines[0]!, quantity: 2 }] },
  ]);
  const { order } = await fulfilment(o.id);
  const held = order.fulfillmentOrders.nodes.map(
    (fo: {
      assignedLocation: { location: { id: string } };
      lineItems: { nodes: { remainingQuantity: number; lineItem: { id: string } }[] };
    }) => [
      fo.assignedLocation.location.id,
      fo.lineItems.nodes.map((l) => [l.lineItem.id, l.remainingQuantity]),
    ],
  );
  assert.equal(
    held.sort(),
    [
      [north, [[o.lines[0]!, 2]]],
      [
        sim.fulfillments.defaultLocation,
        [
          [o.lines[0]!, 1],
          [o.lines[1]!, 1],
        ],
      ],
    ].sort(),
  );
  assert.equal(sim.fulfillments.remaining(o.id), { [o.lines[0]!]: 3, [o.lines[1]!]: 1 });
  const other = newOrder([1]);
  assert.throws(
    () =>
      sim.fulfillments.route(other.id, [
        { location: north, lineItems: [{ lineItem: other.lines[0]!, quantity: 2 }] },
      ]),
    /2 of 1 unplaced units/,
  );
  assert.equal(sim.fulfillments.remaining(other.id), { [other.lines[0]!]: 1 }, 'left as it was');
});

test('a refund of line items takes them off what remains; a hand fulfilment shows without tracking', async () => {
  const o = newOrder([3]);
  sim.fulfillments.refundLineItems(o.id, [{ lineItemId: o.lines[0]!, quantity: 1 }]);
  assert.equal(sim.fulfillments.remaining(o.id), { [o.lines[0]!]: 2 });
  assert.is(sim.orders.get(o.id)!.displayFinancialStatus, 'PARTIALLY_REFUNDED');
  const l = await foLine(o.id, o.lines[0]!);
  const r = await create({
    lineItemsByFulfillmentOrder: [
      { fulfillmentOrderId: l.fo, fulfillmentOrderLineItems: [{ id: l.line, quantity: 3 }] },
    ],
  });
  assert.is(
    r.body.data.fulfillmentCreate.userErrors[0].message,
    'Invalid fulfillment order line item quantity requested.',
  );
  sim.fulfillments.fulfilByHand(o.id);
  const { order } = await fulfilment(o.id);
  assert.is(order.fulfillments.length, 1);
  assert.equal(order.fulfillments[0].trackingInfo, []);
  assert.is(order.fulfillments[0].fulfillmentLineItems.nodes[0].quantity, 2);
  assert.ok(sim.fulfillments.fulfillments(o.id)[0]!.byHand);
});

test.run();
