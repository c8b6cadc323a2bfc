import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import { WAIT_LIMIT_DAYS } from '../../../src/app/usecases/handle-shipment.js';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import { createSyncShipments } from '../../../src/app/usecases/sync-shipments.js';
import type { RecordError } from '../../../src/domain/model/record-error.js';
import type { Shipment, ShipmentRecord } from '../../../src/domain/model/shipment.js';
import { silent } from '../../support/silent-logger.js';

/*
 * Audit finding 1: a shipment held by a Shopify hold was answered `unchanged` by every later run
 * (same API X version, the cursor past it). It is now handled again every run until applied, or
 * given up after WAIT_LIMIT_DAYS.
 */

const ORDER = 'gid://shopify/Order/1';
const LINE = 'gid://shopify/LineItem/1';
const shipment: Shipment = {
  id: 'S1',
  orderId: ORDER,
  orderReference: null,
  warehouseId: 'WH',
  locationId: null,
  lines: [{ lineItemId: LINE, quantity: 1 }],
  carrier: 'UPS',
  trackingNumbers: ['1Z1'],
  trackingUrl: null,
  shippedAt: '2026-11-30T10:00:00.000Z',
  cancelled: false,
  updatedAt: '2026-11-30T10:00:00.000Z',
};

function world() {
  const w = {
    status: 'ON_HOLD',
    clock: new Date('2026-11-30T11:00:00.000Z'),
    records: new Map<string, ShipmentRecord>(),
    creates: 0,
    errors: [] as RecordError[],
    cursor: null as string | null,
  };
  const sync = createSyncShipments({
    source: {
      async *pages(since) {
        // API X answers the shipment only while the cursor has not passed it.
        yield {
          records: (since ?? '') <= shipment.updatedAt ? [{ ok: true, value: shipment }] : [],
          lastUpdatedAt: shipment.updatedAt,
        };
      },
    },
    cursor: {
      since: async () => w.cursor,
      advance: async (at) => {
        // Moved just past the shipment, as a later page would.
        w.cursor = new Date(Date.parse(at) + 1).toISOString();
      },
    },
    records: {
      get: async (id) => w.records.get(id) ?? null,
      save: async (r) => void w.records.set(r.shipmentId, r),
      numbersInUse: async () => [],
      fulfilmentsOf: async () => new Set(),
      waiting: async () =>
        [...w.records.values()].flatMap((r) =>
          r.state === 'held' && r.waiting !== null ? [{ ...r, waiting: r.waiting }] : [],
        ),
    },
    orders: {
      find: async () => ({ orderId: ORDER, name: '#1001', lines: shipment.lines }),
      oldestCreatedAt: async () => null,
    },
    shopify: {
      orderFulfilments: async (ids) =>
        new Map(
          ids.map((id) => [
            id,
            {
              fulfillmentOrders: [
                {
                  id: 'FO1',
                  status: w.status,
                  locationId: 'L1',
                  lines: [{ id: 'FOL1', lineItemId: LINE, remaining: 1 }],
                },
              ],
              fulfilments: [],
            },
          ]),
        ),
      create: async () => {
        w.creates++;
        return { ok: true, value: 'gid://shopify/Fulfillment/9' };
      },
      updateTracking: async () => ({ ok: true, value: null }),
      cancel: async () => ({ ok: true, value: null }),
    },
    knownCompany: (c) => c,
    now: () => w.clock,
  });
  const ctx: StepContext = {
    runId: 'r',
    signal: new AbortController().signal,
    logger: silent,
    counter: createRunCounter(),
    recordError: async (e) => void w.errors.push(e),
  };
  const run = () => sync.run(ctx, { dryRun: false, notifyCustomer: true, backfillDays: 7 });
  return { w, run };
}

test('held by a hold: retried every run (not read again from API X) and applied once released', async () => {
  const { w, run } = world();
  const first = await run();
  assert.is(first.held, 1);
  assert.is(
    w.errors[0]!.reason,
    'Shopify holds fulfilment order FO1 (ON_HOLD): release the hold; retried every run',
  );
  assert.is(w.records.get('S1')?.heldSince, '2026-11-30T11:00:00.000Z');

  w.clock = new Date('2026-12-01T11:00:00.000Z');
  const second = await run();
  assert.equal([second.read, second.retried, second.held], [0, 1, 1]);
  assert.is(w.records.get('S1')?.heldSince, '2026-11-30T11:00:00.000Z', 'held since the first');

  w.status = 'OPEN';
  const released = await run();
  assert.equal([released.retried, released.created, w.creates], [1, 1, 1]);
  const record = w.records.get('S1')!;
  assert.equal([record.state, record.waiting], ['fulfilled', null]);
  const after = await run();
  assert.equal([after.retried, w.creates], [0, 1]);
});

test(`held by a hold for ${WAIT_LIMIT_DAYS} days: given up, named, and no longer retried`, async () => {
  const { w, run } = world();
  await run();
  w.clock = new Date(Date.parse('2026-11-30T11:00:00.000Z') + WAIT_LIMIT_DAYS * 86_400_000);
  const last = await run();
  assert.equal([last.retried, last.held], [1, 1]);
  assert.is(
    w.errors.at(-1)!.reason,
    `Shopify holds fulfilment order FO1 (ON_HOLD): release the hold; retried every run for ${WAIT_LIMIT_DAYS} days and given up: a new version from API X is tried again`,
  );
  assert.equal([w.records.get('S1')?.state, w.records.get('S1')?.waiting], ['held', null]);
  const later = await run();
  assert.equal([later.retried, later.held], [0, 0]);
});

// Review R4: the give-up clock is the wait of the version being held, not whatever held the
// shipment before (the migration also stamps every held row with its last write).
const earlier = {
  shipmentId: 'S1',
  orderId: ORDER,
  state: 'held',
  fulfillmentId: null,
  locationId: null,
  lines: shipment.lines,
  tracking: null,
  apixUpdatedAt: '2026-11-01T00:00:00.000Z',
  intentAt: null,
  heldSince: '2026-11-10T11:00:00.000Z',
} as const;
for (const [name, before] of [
  ['refused for bad input 20 days ago', { ...earlier, detail: 'unknown carrier', waiting: null }],
  [
    'an earlier version given up',
    { ...earlier, detail: 'retried every run for 14 days and given up', waiting: null },
  ],
] as const)
  test(`held before (${name}), a new version on hold waits from now and is applied once released`, async () => {
    const { w, run } = world();
    w.records.set('S1', before);
    const first = await run();
    assert.is(first.held, 1);
    assert.not.match(w.errors.at(-1)!.reason, /given up/);
    assert.equal(w.records.get('S1')?.waiting, shipment, 'still waiting');
    assert.is(w.records.get('S1')?.heldSince, '2026-11-30T11:00:00.000Z', 'the wait starts now');

    w.status = 'OPEN';
    w.clock = new Date('2026-12-01T11:00:00.000Z');
    const released = await run();
    assert.equal([released.retried, released.created, w.creates], [1, 1, 1]);
  });

test.run();
