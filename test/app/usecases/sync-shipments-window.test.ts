import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import {
  createSyncShipments,
  shipmentWindowStart,
} from '../../../src/app/usecases/sync-shipments.js';
import type { ShipmentPage } from '../../../src/domain/ports/shipment-source.js';
import { silent } from '../../support/silent-logger.js';

// Issue #21: the first read of API X's shipments starts at the orders horizon
// (ORDERS_BACKFILL_DAYS), as the first order fetch does, not at the beginning of API X's history.
const now = new Date('2026-11-30T12:00:00.000Z');
const cases: [string, Parameters<typeof shipmentWindowStart>, string][] = [
  ['first run: the 7-day horizon', [null, now, 7], '2026-11-23T12:00:00.000Z'],
  ['first run: a one-day horizon', [null, now, 1], '2026-11-29T12:00:00.000Z'],
  ['first run: a long backfill', [null, now, 365], '2025-11-30T12:00:00.000Z'],
  [
    'a stored cursor is used as stored, whatever the horizon',
    ['2020-01-01T00:00:00.123456Z', now, 7],
    '2020-01-01T00:00:00.123456Z',
  ],
  [
    'first run after months of orders: the oldest pushed order, before the horizon',
    [null, now, 7, new Date('2026-09-01T10:00:00.000Z')],
    '2026-09-01T10:00:00.000Z',
  ],
  [
    'first run: a pushed order inside the horizon does not shorten it',
    [null, now, 7, new Date('2026-11-29T00:00:00.000Z')],
    '2026-11-23T12:00:00.000Z',
  ],
  [
    'a stored cursor wins over the oldest order',
    ['2026-11-29T08:00:00Z', now, 7, new Date('2026-09-01T10:00:00.000Z')],
    '2026-11-29T08:00:00Z',
  ],
];
for (const [name, args, expected] of cases)
  test(`shipmentWindowStart: ${name}`, () => {
    assert.is(shipmentWindowStart(...args), expected);
  });

function context(): StepContext {
  return {
    runId: 'run-1',
    signal: new AbortController().signal,
    logger: silent,
    counter: createRunCounter(),
    recordError: async () => {},
  };
}

/** The use case with a stored cursor and an API X that answers one empty page, noting the ask. */
function step(stored: string | null, oldestOrder: Date | null = null) {
  const asked: (string | null)[] = [];
  const advanced: string[] = [];
  const sync = createSyncShipments({
    source: {
      async *pages(updatedSince): AsyncIterable<ShipmentPage> {
        asked.push(updatedSince);
        yield { records: [], lastUpdatedAt: null };
      },
    },
    cursor: { since: async () => stored, advance: async (at) => void advanced.push(at) },
    records: {
      get: async () => null,
      save: async () => {},
      numbersInUse: async () => [],
      fulfilmentsOf: async () => new Set(),
      waiting: async () => [],
    },
    orders: { find: async () => null, oldestCreatedAt: async () => oldestOrder },
    shopify: {
      orderFulfilments: async () => new Map(),
      create: async () => ({ ok: false, errors: ['unused'] }),
      updateTracking: async () => ({ ok: false, errors: ['unused'] }),
      cancel: async () => ({ ok: false, errors: ['unused'] }),
    },
    stock: { mark: async () => {} },
    knownCompany: () => null,
    now: () => now,
  });
  return { sync, asked, advanced };
}

test('a new install asks API X for the shipments inside the orders horizon, not all history', async () => {
  const { sync, asked, advanced } = step(null);
  await sync.run(context(), { dryRun: false, notifyCustomer: false, backfillDays: 7 });
  assert.equal(asked, ['2026-11-23T12:00:00.000Z']);
  assert.equal(advanced, [], 'an empty read moves nothing');
});

// Shipments are opt-in: switched on after sync-orders ran for 60 days, a read from the 7-day
// horizon would skip for good the shipments API X last touched before it, of orders we pushed.
test('shipments enabled after months of orders: the first read reaches the oldest pushed order', async () => {
  const { sync, asked } = step(null, new Date('2026-10-01T09:30:00.000Z'));
  await sync.run(context(), { dryRun: false, notifyCustomer: false, backfillDays: 7 });
  assert.equal(asked, ['2026-10-01T09:30:00.000Z']);
});

test('a later run reads from the stored cursor', async () => {
  const { sync, asked } = step('2026-11-29T08:00:00Z');
  await sync.run(context(), { dryRun: false, notifyCustomer: false, backfillDays: 7 });
  assert.equal(asked, ['2026-11-29T08:00:00Z']);
});

test.run();
