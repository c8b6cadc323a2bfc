import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import { createSyncShipments } from '../../../src/app/usecases/sync-shipments.js';
import type { RecordError } from '../../../src/domain/model/record-error.js';
import type { Shipment, ShipmentRecord } from '../../../src/domain/model/shipment.js';
import type { FulfilmentView } from '../../../src/domain/ports/shopify-fulfilments.js';
import { silent } from '../silent-logger.js';

export const ORDER = 'gid://shopify/Order/1';
export const LINE = 'gid://shopify/LineItem/1';
export const VARIANT = 'gid://shopify/ProductVariant/1';
export const LOCATION = 'L1';

/** One shipment of the one line of ORDER (its variant VARIANT), as API X sends it. */
export const shipment: Shipment = {
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

/**
 * The shipments step over in-memory ports: API X serves `w.shipment` until the cursor passes its
 * updatedAt; Shopify holds ORDER with one fulfillment order at LOCATION in `w.status` and the
 * fulfilments in `w.fulfilments`; the stock marks the step makes are kept in `w.marks`.
 */
export function shipmentWorld() {
  const w = {
    shipment,
    status: 'ON_HOLD',
    clock: new Date('2026-11-30T11:00:00.000Z'),
    records: new Map<string, ShipmentRecord>(),
    fulfilments: [] as FulfilmentView[],
    creates: 0,
    cancels: 0,
    errors: [] as RecordError[],
    marks: [] as { variantIds: readonly string[]; locationId: string }[],
    cursor: null as string | null,
  };
  const sync = createSyncShipments({
    source: {
      async *pages(since) {
        // API X answers the shipment only while the cursor has not passed it.
        yield {
          records: (since ?? '') <= w.shipment.updatedAt ? [{ ok: true, value: w.shipment }] : [],
          lastUpdatedAt: w.shipment.updatedAt,
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
      find: async () => ({
        orderId: ORDER,
        name: '#1001',
        lines: [{ lineItemId: LINE, quantity: 1, variantId: VARIANT }],
      }),
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
                  locationId: LOCATION,
                  lines: [{ id: 'FOL1', lineItemId: LINE, remaining: 1 }],
                },
              ],
              fulfilments: w.fulfilments,
            },
          ]),
        ),
      create: async () => {
        w.creates++;
        return { ok: true, value: 'gid://shopify/Fulfillment/9' };
      },
      updateTracking: async () => ({ ok: true, value: null }),
      cancel: async () => {
        w.cancels++;
        return { ok: true, value: null };
      },
    },
    stock: {
      mark: async (variantIds, locationId) => void w.marks.push({ variantIds, locationId }),
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
  const run = (dryRun = false) => sync.run(ctx, { dryRun, notifyCustomer: true, backfillDays: 7 });
  return { w, run };
}
