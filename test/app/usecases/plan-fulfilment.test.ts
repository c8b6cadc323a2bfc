import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  allocate,
  checkLines,
  findOwnFulfilment,
  trackingFor,
} from '../../../src/app/usecases/plan-fulfilment.js';
import type { Shipment } from '../../../src/domain/model/shipment.js';
import type {
  FulfillmentOrderView,
  FulfilmentView,
} from '../../../src/domain/ports/shopify-fulfilments.js';
import { shopifyTrackingCompany } from '../../../src/adapters/shopify/tracking-companies.js';

const shipment = (changes: Partial<Shipment> = {}): Shipment => ({
  id: 'SH-1',
  orderId: 'gid://shopify/Order/1',
  orderReference: 'SO-1',
  warehouseId: 'WH-1',
  locationId: null,
  lines: [{ lineItemId: 'L1', quantity: 1 }],
  carrier: 'DHL Express',
  trackingNumbers: ['T1'],
  trackingUrl: null,
  shippedAt: '2026-11-30T10:00:00Z',
  cancelled: false,
  updatedAt: '2026-11-30T10:00:00Z',
  ...changes,
});

test('checkLines: unknown lines and more than ordered are named by field', () => {
  const order = {
    orderId: 'gid://shopify/Order/1',
    name: '#1001',
    lines: [
      { lineItemId: 'L1', quantity: 2 },
      { lineItemId: 'L2', quantity: 1 },
    ],
  };
  const rows: [string, Shipment['lines'], string | null][] = [
    ['within', [{ lineItemId: 'L1', quantity: 2 }], null],
    ['unknown line', [{ lineItemId: 'L9', quantity: 1 }], 'lines[0].lineExternalId'],
    ['more than ordered', [{ lineItemId: 'L2', quantity: 2 }], 'lines[0].quantity'],
    [
      'a line named twice, together too many',
      [
        { lineItemId: 'L1', quantity: 1 },
        { lineItemId: 'L1', quantity: 2 },
      ],
      'lines[1].quantity',
    ],
  ];
  for (const [name, lines, field] of rows)
    assert.is(checkLines(shipment({ lines }), order)?.field ?? null, field, name);
});

test('trackingFor: known carriers by Shopify`s spelling; others need the URL, repeated per number', () => {
  const rows: [string, Partial<Shipment>, unknown][] = [
    ['nothing', { carrier: null, trackingNumbers: [] }, null],
    [
      'known, any case',
      { carrier: 'dhl express', trackingNumbers: ['A', 'B'] },
      { company: 'DHL Express', numbers: ['A', 'B'], urls: [] },
    ],
    [
      'custom with URL',
      { carrier: 'Acme', trackingNumbers: ['A', 'B'], trackingUrl: 'https://a.example/t' },
      {
        company: 'Acme',
        numbers: ['A', 'B'],
        urls: ['https://a.example/t', 'https://a.example/t'],
      },
    ],
    ['custom without URL', { carrier: 'Acme', trackingNumbers: ['A'] }, 'carrier'],
    ['number, no carrier, no URL', { carrier: null, trackingNumbers: ['A'] }, 'carrier'],
    [
      'URL without number',
      { carrier: 'UPS', trackingNumbers: [], trackingUrl: 'https://u.example' },
      'trackingNumbers',
    ],
    [
      'carrier only',
      { carrier: 'UPS', trackingNumbers: [] },
      { company: 'UPS', numbers: [], urls: [] },
    ],
  ];
  for (const [name, changes, expected] of rows) {
    const r = trackingFor(shipment(changes), shopifyTrackingCompany);
    assert.equal(r.ok ? r.value : r.field, expected, name);
  }
});

const fo = (
  id: string,
  locationId: string,
  lines: [string, string, number][],
  status = 'OPEN',
): FulfillmentOrderView => ({
  id,
  status,
  locationId,
  lines: lines.map(([lineId, lineItemId, remaining]) => ({ id: lineId, lineItemId, remaining })),
});

test('allocate: one location, never more than remains; refusals say why', () => {
  const fos = [
    fo('FO1', 'LOC-A', [
      ['FL1', 'L1', 2],
      ['FL2', 'L2', 1],
    ]),
    fo('FO2', 'LOC-B', [['FL3', 'L3', 1]]),
    fo('FO3', 'LOC-A', [['FL4', 'L1', 5]], 'CLOSED'),
  ];
  const ok = allocate([{ lineItemId: 'L1', quantity: 2 }], fos, null);
  assert.equal(ok.ok && ok.value, {
    locationId: 'LOC-A',
    groups: [{ fulfillmentOrderId: 'FO1', items: [{ id: 'FL1', quantity: 2 }] }],
  });
  const rows: [string, Shipment['lines'], string | null, string][] = [
    [
      'more than remains (closed FO ignored)',
      [{ lineItemId: 'L1', quantity: 3 }],
      null,
      'lines[0].quantity',
    ],
    [
      'spans two locations',
      [
        { lineItemId: 'L1', quantity: 1 },
        { lineItemId: 'L3', quantity: 1 },
      ],
      null,
      'lines',
    ],
    [
      'the given location lacks it',
      [{ lineItemId: 'L3', quantity: 1 }],
      'LOC-A',
      'shopifyLocationId',
    ],
  ];
  for (const [name, lines, location, field] of rows) {
    const r = allocate(lines, fos, location);
    assert.is(r.ok ? null : r.field, field, name);
  }
  const atB = allocate([{ lineItemId: 'L3', quantity: 1 }], fos, 'LOC-B');
  assert.is(atB.ok && atB.value.locationId, 'LOC-B');
});

test("allocate: the preferred location first when it holds everything; API X's location decides", () => {
  // One line split over two locations (order routing, or a part moved by fulfillmentOrderMove).
  const fos = [fo('FO1', 'LOC-A', [['FL1', 'L1', 2]]), fo('FO2', 'LOC-B', [['FL2', 'L1', 1]])];
  const rows: [string, number, string | null, string | null, string][] = [
    ['no preference: the first location', 1, null, null, 'LOC-A'],
    ['preferred and holds it', 1, null, 'LOC-B', 'LOC-B'],
    ['preferred but holds too few', 2, null, 'LOC-B', 'LOC-A'],
    ['preferred location has no fulfillment order', 1, null, 'LOC-C', 'LOC-A'],
    ['API X named a location', 1, 'LOC-A', 'LOC-B', 'LOC-A'],
  ];
  for (const [name, quantity, given, preferred, expected] of rows) {
    const r = allocate([{ lineItemId: 'L1', quantity }], fos, given, preferred);
    assert.is(r.ok && r.value.locationId, expected, name);
  }
});

test('allocate: units in a fulfillment order on hold or scheduled wait, named by its state; other statuses do not', () => {
  const rows: [string, string, string | null, RegExp | null][] = [
    [
      'ON_HOLD',
      'LOC-A',
      null,
      // The cause alone: handle-shipment says how the held shipment is retried.
      /^Shopify holds fulfilment order FO9 \(ON_HOLD\): release the hold$/,
    ],
    [
      'SCHEDULED',
      'LOC-A',
      null,
      /^Shopify schedules fulfilment order FO9 \(SCHEDULED\): it opens at its fulfil-at time$/,
    ],
    ['ON_HOLD', 'LOC-B', 'LOC-A', null],
    ['INCOMPLETE', 'LOC-A', null, null],
    ['CLOSED', 'LOC-A', null, null],
  ];
  for (const [status, at, location, reason] of rows) {
    const fos = [fo('FO9', at, [['FL9', 'L1', 2]], status)];
    const r = allocate([{ lineItemId: 'L1', quantity: 1 }], fos, location);
    assert.not.ok(r.ok, status);
    if (r.ok) continue;
    if (reason === null) {
      assert.is(r.passes, undefined, `${status} at ${at}`);
      assert.not.match(r.reason, /retried every run/);
    } else {
      assert.is(r.passes, true, status);
      assert.is(r.field, null, status);
      assert.match(r.reason, reason);
    }
  }
});

test('findOwnFulfilment: same numbers and quantities, made after the intent, not anyone else`s', () => {
  const f = (changes: Partial<FulfilmentView>): FulfilmentView => ({
    id: 'F1',
    status: 'SUCCESS',
    createdAt: '2026-11-30T10:00:05Z',
    locationId: 'LOC-A',
    trackingNumbers: ['T1'],
    lines: [{ lineItemId: 'L1', quantity: 1 }],
    ...changes,
  });
  const intent = {
    lines: [{ lineItemId: 'L1', quantity: 1 }],
    tracking: { company: 'UPS', numbers: ['T1'], urls: [] },
    intentAt: '2026-11-30T10:00:05.400Z',
  };
  const rows: [string, FulfilmentView, ReadonlySet<string>, boolean][] = [
    ['the one', f({}), new Set(), true],
    ['recorded for another shipment', f({}), new Set(['F1']), false],
    ['cancelled', f({ status: 'CANCELLED' }), new Set(), false],
    // Our intent time is ours, createdAt Shopify's: a clock of ours minutes ahead still matches.
    [
      "Shopify's clock 2 minutes behind ours",
      f({ createdAt: '2026-11-30T09:58:05Z' }),
      new Set(),
      true,
    ],
    [
      'older than the intent by more than the slack',
      f({ createdAt: '2026-11-30T09:54:00Z' }),
      new Set(),
      false,
    ],
    ['other numbers (a hand fulfilment)', f({ trackingNumbers: [] }), new Set(), false],
    ['other quantities', f({ lines: [{ lineItemId: 'L1', quantity: 2 }] }), new Set(), false],
  ];
  for (const [name, fulfilment, recorded, found] of rows)
    assert.is(findOwnFulfilment([fulfilment], intent, recorded) !== null, found, name);
});

test.run();
