import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { logLines } from '../support/log-lines.js';

const e2e = useE2eEnvironment(test, { apix: { products: 3 } });

// The step is opt-in (SHIPMENTS_ENABLED, default false).
const env = { APIX_MAX_RETRIES: '0', SHIPMENTS_ENABLED: 'true' };

/** An order pushed to API X by a real run; returns its GID and line item GIDs. */
async function pushedOrder(quantities: number[]): Promise<{ id: string; lines: string[] }> {
  const id = e2e.shopify.orders.create({
    lineItems: quantities.map((quantity, i) => ({
      title: `Item ${i}`,
      quantity,
      unitPrice: '10.00',
      sku: `SKU-${i}`,
    })),
  });
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.ok(e2e.apix.orders.byExternalId(id), 'pushed');
  const lines = e2e.shopify.orders.get(id)!.lines.map((l) => `gid://shopify/LineItem/${l.num}`);
  return { id, lines };
}

const shipmentCounts = (r: { summary: Record<string, unknown> | null }) =>
  (r.summary?.['counts'] as Record<string, Record<string, number>> | undefined)?.['shipment'] ?? {};

const recordErrors = async (shipmentId: string) =>
  (
    await e2e.db.pool.query<{ field: string | null; reason: string }>(
      `SELECT field, reason FROM record_errors WHERE entity = 'shipment' AND external_id = $1 ORDER BY id`,
      [shipmentId],
    )
  ).rows;

test('a full shipment becomes one fulfilment with tracking and the shipping e-mail; a rerun writes nothing', async () => {
  const o = await pushedOrder([2, 1]);
  const s = e2e.apix.shipments.ship(o.id, { carrier: 'DHL Express', trackingNumbers: ['DHL-1'] });
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.is(shipmentCounts(r)['created'], 1);
  const [f, ...more] = e2e.shopify.fulfillments.fulfillments(o.id);
  assert.equal(more, []);
  assert.equal(f!.lineItems, { [o.lines[0]!]: 2, [o.lines[1]!]: 1 });
  assert.equal(
    f!.tracking.map((t) => [t.company, t.number, t.url !== null]),
    [['DHL Express', 'DHL-1', true]],
  );
  assert.is(f!.notifications, 1, 'SHIPMENTS_NOTIFY_CUSTOMER defaults to true');
  assert.is(e2e.shopify.orders.get(o.id)!.displayFulfillmentStatus, 'FULFILLED');
  const { rows } = await e2e.db.pool.query<{ state: string; fulfillment_id: string }>(
    `SELECT state, fulfillment_id FROM shipments WHERE shipment_id = $1`,
    [s.id],
  );
  assert.equal(rows, [{ state: 'fulfilled', fulfillment_id: f!.id }]);

  const again = await e2e.cli(['sync-orders'], env);
  assert.is(again.code, 0, again.stderr);
  assert.is(shipmentCounts(again)['created'], undefined);
  assert.is(e2e.shopify.fulfillments.fulfillments(o.id).length, 1);
});

test('partial and split shipments (two warehouses) each become their own fulfilment; the rest stays open', async () => {
  const o = await pushedOrder([3, 2]);
  const north = e2e.shopify.fulfillments.addLocation('North warehouse');
  e2e.shopify.fulfillments.route(o.id, [{ location: north, lineItems: [o.lines[1]!] }]);
  e2e.apix.shipments.ship(o.id, {
    lines: [{ lineExternalId: o.lines[0]!, quantity: 1 }],
    warehouseId: 'WH-SOUTH',
    trackingNumbers: ['UPS-1'],
    carrier: 'UPS',
  });
  e2e.apix.shipments.ship(o.id, {
    lines: [{ lineExternalId: o.lines[1]!, quantity: 2 }],
    warehouseId: 'WH-NORTH',
    shopifyLocationId: north,
    trackingNumbers: ['UPS-2'],
    carrier: 'UPS',
  });
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.is(shipmentCounts(r)['created'], 2);
  const fs = e2e.shopify.fulfillments.fulfillments(o.id);
  assert.equal(
    fs.map((f) => [f.location, f.lineItems]),
    [
      ['Shop location', { [o.lines[0]!]: 1 }],
      ['North warehouse', { [o.lines[1]!]: 2 }],
    ],
  );
  assert.equal(e2e.shopify.fulfillments.remaining(o.id), { [o.lines[0]!]: 2, [o.lines[1]!]: 0 });
  assert.is(e2e.shopify.orders.get(o.id)!.displayFulfillmentStatus, 'PARTIALLY_FULFILLED');
});

test('without shopifyLocationId, a line split over two locations is fulfilled where INVENTORY_LOCATIONS puts the warehouse', async () => {
  const o = await pushedOrder([3]);
  const north = e2e.shopify.fulfillments.addLocation('North split warehouse');
  // One unit routed to the north, two left at the shop location (listed second).
  e2e.shopify.fulfillments.route(o.id, [
    { location: north, lineItems: [{ lineItem: o.lines[0]!, quantity: 1 }] },
  ]);
  const ship = (warehouseId: string, tracking: string) =>
    e2e.apix.shipments.ship(o.id, {
      lines: [{ lineExternalId: o.lines[0]!, quantity: 1 }],
      warehouseId,
      shopifyLocationId: null,
      trackingNumbers: [tracking],
      carrier: 'UPS',
    });
  ship('WH-SHOP', 'UPS-SHOP');
  // WH-BAD's entry names no location of the shop: no preference, said, nothing held.
  const mapped = {
    ...env,
    INVENTORY_LOCATIONS: 'WH-SHOP=Shop location;WH-BAD=Closed store;WH-NORTH=North split warehouse',
  };
  const first = await e2e.cli(['sync-orders'], mapped);
  assert.is(first.code, 0, first.stderr + first.stdout.slice(-2000));
  assert.is(shipmentCounts(first)['created'], 1);
  ship('WH-BAD', 'UPS-BAD');
  const second = await e2e.cli(['sync-orders'], mapped);
  assert.is(second.code, 0, second.stderr);
  assert.is(shipmentCounts(second)['created'], 1);
  const warned = logLines(second.stderr).find((l) => l['warehouseId'] === 'WH-BAD');
  assert.ok(warned, `the operator is told: ${second.stderr.slice(-2000)}`);
  assert.is(warned['level'], 'warn');
  assert.match(String(warned['msg']), "'Closed store', which the shop does not have");
  assert.equal(
    e2e.shopify.fulfillments.fulfillments(o.id).map((f) => [f.tracking[0]?.number, f.location]),
    [
      // The first location that holds the unit would have been the north one.
      ['UPS-SHOP', 'Shop location'],
      // No preference: the first location holding it, as without a mapping.
      ['UPS-BAD', 'North split warehouse'],
    ],
  );
  assert.equal(e2e.shopify.fulfillments.remaining(o.id), { [o.lines[0]!]: 1 });
});

test('a corrected shipment updates the tracking of its fulfilment; a cancelled one cancels it', async () => {
  const o = await pushedOrder([1]);
  const s = e2e.apix.shipments.ship(o.id, { carrier: 'FedEx', trackingNumbers: ['FX-OLD'] });
  assert.is((await e2e.cli(['sync-orders'], env)).code, 0);
  e2e.apix.shipments.correct(s.id, { trackingNumbers: ['FX-NEW'] });
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr);
  assert.is(shipmentCounts(r)['updated'], 1);
  let [f] = e2e.shopify.fulfillments.fulfillments(o.id);
  assert.equal(
    f!.tracking.map((t) => t.number),
    ['FX-NEW'],
  );
  assert.is(f!.notifications, 2, 'the customer hears of the new tracking');

  e2e.apix.shipments.cancel(s.id);
  const c = await e2e.cli(['sync-orders'], env);
  assert.is(c.code, 0, c.stderr);
  assert.is(shipmentCounts(c)['cancelled'], 1);
  [f] = e2e.shopify.fulfillments.fulfillments(o.id);
  assert.is(f!.status, 'CANCELLED');
  assert.equal(e2e.shopify.fulfillments.remaining(o.id), { [o.lines[0]!]: 1 });
  assert.is(e2e.shopify.fulfillments.fulfillments(o.id).length, 1, 'nothing new created');
});

test('an order refunded in part: what remains ships; a shipment of the refunded units is held and named', async () => {
  const o = await pushedOrder([3]);
  e2e.shopify.fulfillments.refundLineItems(o.id, [{ lineItemId: o.lines[0]!, quantity: 1 }]);
  const tooMany = e2e.apix.shipments.ship(o.id, {
    lines: [{ lineExternalId: o.lines[0]!, quantity: 3 }],
    trackingNumbers: ['R-1'],
  });
  const fits = e2e.apix.shipments.ship(o.id, {
    lines: [{ lineExternalId: o.lines[0]!, quantity: 2 }],
    trackingNumbers: ['R-2'],
  });
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.is(shipmentCounts(r)['failed'], 1);
  assert.is(shipmentCounts(r)['created'], 1);
  const [error] = await recordErrors(tooMany.id);
  assert.is(error?.field, 'lines[0].quantity');
  assert.match(error!.reason, /only 2 remain to fulfil/);
  const fs = e2e.shopify.fulfillments.fulfillments(o.id);
  assert.equal(
    fs.map((f) => [f.tracking[0]?.number, f.lineItems[o.lines[0]!]]),
    [['R-2', 2]],
  );
  assert.ok(fits.id);
});

test('a shipment of an order on hold in Shopify is held naming the hold, retried every run, and applied once released', async () => {
  const o = await pushedOrder([1]);
  e2e.shopify.fulfillments.hold(o.id);
  const s = e2e.apix.shipments.ship(o.id, { carrier: 'UPS', trackingNumbers: ['HOLD-1'] });
  const first = await e2e.cli(['sync-orders'], env);
  assert.is(first.code, 0, first.stderr + first.stdout.slice(-2000));
  assert.is(shipmentCounts(first)['failed'], 1);
  const [error] = await recordErrors(s.id);
  assert.is(error?.field, null);
  assert.match(
    error!.reason,
    /Shopify holds fulfil?ment order gid:\/\/shopify\/FulfillmentOrder\/\d+ \(ON_HOLD\): release the hold; retried every run/,
  );
  // Still on hold: the next run (API X unchanged, its cursor past the shipment) tries again.
  const second = await e2e.cli(['sync-orders'], env);
  assert.is(second.code, 0, second.stderr);
  assert.is(shipmentCounts(second)['failed'], 1, 'retried and named again');
  assert.equal(e2e.shopify.fulfillments.fulfillments(o.id), []);

  e2e.shopify.fulfillments.release(o.id);
  const released = await e2e.cli(['sync-orders'], env);
  assert.is(released.code, 0, released.stderr + released.stdout.slice(-2000));
  assert.is(shipmentCounts(released)['created'], 1, JSON.stringify(shipmentCounts(released)));
  const fs = e2e.shopify.fulfillments.fulfillments(o.id);
  assert.equal(
    fs.map((f) => f.tracking.map((t) => t.number)),
    [['HOLD-1']],
  );
  const { rows } = await e2e.db.pool.query<{ state: string }>(
    `SELECT state FROM shipments WHERE shipment_id = $1`,
    [s.id],
  );
  assert.equal(rows, [{ state: 'fulfilled' }]);
  const after = await e2e.cli(['sync-orders'], env);
  assert.equal(shipmentCounts(after)['created'], undefined, 'applied once');
});

test('an order fulfilled by hand in Shopify (in whole or in part): the shipment is left alone and named once as a record error', async () => {
  for (const [name, quantities] of [
    ['whole', [1]],
    ['in part', [2]],
  ] as const) {
    const o = await pushedOrder([...quantities]);
    // In part: one of two units by hand; the shipment of both no longer fits.
    e2e.shopify.fulfillments.fulfilByHand(
      o.id,
      name === 'whole' ? undefined : [{ lineItemId: o.lines[0]!, quantity: 1 }],
    );
    const s = e2e.apix.shipments.ship(o.id, { trackingNumbers: [`H-${quantities[0]}`] });
    const r = await e2e.cli(['sync-orders'], env);
    assert.is(r.code, 0, r.stderr);
    assert.equal(
      e2e.shopify.fulfillments.fulfillments(o.id).map((f) => f.byHand),
      [true],
      name,
    );
    // Counted once, as a failure with its record error (it reaches `errors` and the metric).
    assert.is(shipmentCounts(r)['failed'], 1, name);
    assert.is(shipmentCounts(r)['skipped'], undefined, name);
    const errors = await recordErrors(s.id);
    assert.is(errors.length, 1, name);
    assert.is(errors[0]!.field, 'lines', name);
    assert.match(errors[0]!.reason, /already fulfilled in Shopify outside this service/);
    const { rows } = await e2e.db.pool.query<{ state: string; detail: string }>(
      `SELECT state, detail FROM shipments WHERE shipment_id = $1`,
      [s.id],
    );
    assert.is(rows[0]?.state, 'left-alone', name);
    assert.match(rows[0]?.detail ?? '', /already fulfilled in Shopify outside this service/);
    const again = await e2e.cli(['sync-orders'], env);
    assert.is(shipmentCounts(again)['failed'], undefined, 'reported once');
    assert.is((await recordErrors(s.id)).length, 1, 'reported once');
  }
});

test('bad input: unknown order and line, more than ordered, a carrier without link, a reused number: each held and named; the rest ships', async () => {
  const o = await pushedOrder([2]);
  const other = await pushedOrder([1]);
  const base = e2e.apix.shipments.ship(o.id, { trackingNumbers: ['OK-1'] });
  const template = e2e.apix.shipments.get(base.id)!;
  // Just after the base shipment, so the base is handled first (pages run by updatedAt, then id).
  const at = new Date(Date.parse(base.updatedAt) + 1).toISOString();
  const bad = (id: string, changes: Partial<typeof template>) =>
    e2e.apix.shipments.put({ ...template, id, updatedAt: at, shippedAt: at, ...changes });
  bad('BAD-ORDER', {
    orderExternalId: 'gid://shopify/Order/999999999',
    orderReference: null,
    trackingNumbers: ['B-1'],
  });
  bad('BAD-LINE', {
    lines: [{ lineExternalId: 'gid://shopify/LineItem/999999999', quantity: 1 }],
    trackingNumbers: ['B-2'],
  });
  bad('BAD-QTY', {
    lines: [{ lineExternalId: o.lines[0]!, quantity: 5 }],
    trackingNumbers: ['B-3'],
  });
  bad('BAD-CARRIER', { carrier: 'Acme Freight', trackingUrl: null, trackingNumbers: ['B-4'] });
  bad('BAD-REUSED', {
    orderExternalId: other.id,
    orderReference: null,
    lines: [{ lineExternalId: other.lines[0]!, quantity: 1 }],
    trackingNumbers: ['OK-1'],
  });
  const custom = e2e.apix.shipments.ship(other.id, {
    carrier: 'Acme Freight',
    trackingNumbers: ['ACME-7'],
    trackingUrl: 'https://acme.example/track?n=ACME-7',
  });
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  const expected: [string, string][] = [
    ['BAD-ORDER', 'orderExternalId'],
    ['BAD-LINE', 'lines[0].lineExternalId'],
    ['BAD-QTY', 'lines[0].quantity'],
    ['BAD-CARRIER', 'carrier'],
    ['BAD-REUSED', 'trackingNumbers'],
  ];
  for (const [id, field] of expected) {
    const errors = await recordErrors(id);
    assert.is(errors[0]?.field, field, id);
  }
  assert.match(
    (await recordErrors('BAD-ORDER'))[0]?.reason ?? '',
    /gid:\/\/shopify\/Order\/999999999 is not known here: never pushed .* or purged after RETENTION_DAYS/,
  );
  assert.is(shipmentCounts(r)['failed'], 5);
  // The good ones went through: the base shipment, and a custom carrier with its own link.
  assert.equal(
    e2e.shopify.fulfillments.fulfillments(o.id).map((f) => f.tracking.map((t) => t.number)),
    [['OK-1']],
  );
  assert.equal(e2e.shopify.fulfillments.fulfillments(other.id)[0]?.tracking, [
    { company: 'Acme Freight', number: 'ACME-7', url: custom.trackingUrl },
  ]);
});

test('a large order (45 lines, 12 locations, 11 fulfilments by hand) is read whole and shipped, not held back', async () => {
  const o = await pushedOrder(Array.from({ length: 45 }, () => 2));
  // Lines 0-11 each at a warehouse of their own: 13 fulfillment orders, 33 lines at the shop.
  const warehouses = Array.from({ length: 12 }, (_, i) =>
    e2e.shopify.fulfillments.addLocation(`Large order warehouse ${i}`),
  );
  e2e.shopify.fulfillments.route(
    o.id,
    warehouses.map((location, i) => ({ location, lineItems: [o.lines[i]!] })),
  );
  for (let i = 0; i < 11; i++)
    e2e.shopify.fulfillments.fulfilByHand(o.id, [{ lineItemId: o.lines[12 + i]!, quantity: 1 }]);
  // What is left at the shop location: one unit of lines 12-22, two of lines 23-44.
  const lines = o.lines
    .slice(12)
    .map((lineExternalId, i) => ({ lineExternalId, quantity: i < 11 ? 1 : 2 }));
  const s = e2e.apix.shipments.ship(o.id, { lines, carrier: 'UPS', trackingNumbers: ['BIG-1'] });
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.is(shipmentCounts(r)['created'], 1, JSON.stringify(await recordErrors(s.id)));
  const ours = e2e.shopify.fulfillments.fulfillments(o.id).filter((f) => !f.byHand);
  assert.is(ours.length, 1);
  assert.is(Object.keys(ours[0]!.lineItems).length, 33);
  const left = e2e.shopify.fulfillments.remaining(o.id);
  assert.equal(
    o.lines.slice(12).map((l) => left[l]),
    o.lines.slice(12).map(() => 0),
  );
});

test('dry run reads and plans but writes nothing; `orders show` lists the shipments', async () => {
  const o = await pushedOrder([1]);
  const s = e2e.apix.shipments.ship(o.id, { trackingNumbers: ['DRY-1'] });
  const dry = await e2e.cli(['sync-orders', '--dry-run'], env);
  assert.is(dry.code, 0, dry.stderr);
  assert.equal(e2e.shopify.fulfillments.fulfillments(o.id), []);
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr);
  assert.is(e2e.shopify.fulfillments.fulfillments(o.id).length, 1);
  const show = await e2e.cli(['orders', 'show', o.id], env);
  assert.is(show.code, 0, show.stderr);
  assert.match(show.stdout, new RegExp(`${s.id}.*fulfilled`));
  assert.match(show.stdout, /DRY-1/);
});

test('by default (SHIPMENTS_ENABLED unset) sync-orders reads no shipments and writes no fulfilment', async () => {
  const defaults = { APIX_MAX_RETRIES: '0' };
  const id = e2e.shopify.orders.create({
    lineItems: [{ title: 'Off', quantity: 1, unitPrice: '10.00', sku: 'SKU-OFF' }],
  });
  const pushed = await e2e.cli(['sync-orders'], defaults);
  assert.is(pushed.code, 0, pushed.stderr + pushed.stdout.slice(-2000));
  assert.ok(e2e.apix.orders.byExternalId(id), 'orders still reach API X');
  e2e.apix.shipments.ship(id, { trackingNumbers: ['OFF-1'] });
  e2e.apix.resetCounters();
  e2e.shopify.resetCounters();
  const r = await e2e.cli(['sync-orders'], defaults);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.is(e2e.apix.requests('GET /v1/shipments'), 0, 'no shipments read');
  const fields = e2e.shopify.counters().rootFields;
  assert.is(fields['fulfillmentCreate'], undefined);
  assert.is(fields['fulfillmentTrackingInfoUpdate'], undefined);
  assert.equal(e2e.shopify.fulfillments.fulfillments(id), []);
  assert.equal(shipmentCounts(r), {});
});

test.run();
