import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSyncInventoryPipeline } from '../../../src/app/pipeline/sync-inventory.js';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import { UpstreamError } from '../../../src/domain/errors.js';
import type { RecordError } from '../../../src/domain/model/record-error.js';
import type { StockLevel } from '../../../src/domain/model/stock.js';
import type {
  InventoryState,
  SentLevel,
  VariantStanding,
} from '../../../src/domain/ports/inventory-state.js';
import type {
  SetOnHandResult,
  ShopifyInventory,
} from '../../../src/domain/ports/shopify-inventory.js';
import { silent } from '../../support/silent-logger.js';
import { inMemoryStockRechecks } from '../../support/fakes/stock-rechecks.js';

const LOCATION = 'gid://shopify/Location/1';
const NOW = new Date('2026-11-30T12:00:00Z');
const OLD = '2026-11-01T00:00:00Z';

/** In-memory ports: one level per variant V<n> at WH-1, every variant mapped unless `waiting`. */
function world(levels: StockLevel[], answer: () => SetOnHandResult, waiting: string[] = []) {
  const marks = new Map<string, string>([
    ['read-since', OLD],
    ['reconciled-at', '2026-11-30T11:00:00Z'],
  ]);
  const errors: RecordError[] = [];
  let setCalls = 0;
  const shopify: ShopifyInventory = {
    locations: async () => [{ id: LOCATION, name: 'Main', isActive: true }],
    items: async (ids) =>
      new Map(
        ids.map((id) => [
          id,
          { itemId: `item-${id}`, tracked: true, onHand: new Map([[LOCATION, 0]]) },
        ]),
      ),
    track: async () => {},
    activate: async () => new Map(),
    setOnHand: async () => {
      setCalls += 1;
      // The bug this guards against loops for ever: fail instead of hanging the suite.
      if (setCalls > 20)
        throw new Error('setOnHand called more than 20 times: the loop does not end');
      return answer();
    },
  };
  const state: InventoryState = {
    variants: async (ids) =>
      new Map<string, VariantStanding>(
        ids.map((id) => [
          id,
          waiting.includes(id) ? { kind: 'waiting' } : { kind: 'mapped', variantId: `var-${id}` },
        ]),
      ),
    catalogueReadAt: async () => null,
    sent: async () => new Map<string, SentLevel>(),
    saveSent: async () => {},
    sentAfter: async () => [],
    catalogued: async (ids) => new Set(ids),
    mark: async (name) => marks.get(name) ?? null,
    saveMark: async (name, value) => void marks.set(name, value),
  };
  const run = createSyncInventoryPipeline({
    source: {
      levels: async function* () {
        for (const l of levels) yield { ok: true as const, value: l };
      },
    },
    shopify,
    state,
    rechecks: inMemoryStockRechecks(),
    now: () => NOW,
  });
  const ctx: StepContext = {
    runId: 'run-1',
    signal: new AbortController().signal,
    logger: silent,
    counter: { add: () => {}, get: () => 0 },
    recordError: async (e) => void errors.push(e),
  };
  const options = {
    dryRun: false,
    locations: [{ warehouseId: 'WH-1', location: LOCATION }],
    reconcileHours: 24,
    batchSize: 50,
    overlapSeconds: 60,
  };
  return {
    run: () => run(ctx, options),
    marks,
    errors,
    setCalls: () => setCalls,
  };
}

const level = (n: number, updatedAt = OLD): StockLevel => ({
  variantExternalId: `V${n}`,
  warehouseId: 'WH-1',
  onHand: 5,
  updatedAt,
});

const unsettling: [string, SetOnHandResult][] = [
  // The adapter used to drop a stale error whose field names no line: nothing left to act on.
  ['nothing named', { ok: false, stale: [], errors: [] }],
  [
    'an error on a line past the batch',
    { ok: false, stale: [], errors: [{ index: 7, code: 'X', message: 'odd' }] },
  ],
  ['a stale line past the batch', { ok: false, stale: [9], errors: [] }],
];
for (const [name, answer] of unsettling)
  test(`a write round that settles nothing stops the run loudly (${name})`, async () => {
    const w = world([level(1), level(2)], () => answer);
    const error = await w.run().then(
      () => null,
      (e: unknown) => e,
    );
    assert.instance(error, UpstreamError, String(error));
    assert.match(
      String((error as Error).message),
      /inventorySetQuantities failed without naming a line/,
    );
    assert.is(w.setCalls(), 1);
    assert.is(w.marks.get('read-since'), OLD, 'a failed run does not move the read mark');
  });

test('a level Shopify refuses for good is named and does not hold the read mark back', async () => {
  let calls = 0;
  const w = world([level(1), level(2, '2026-11-30T11:30:00Z')], () =>
    ++calls === 1
      ? { ok: false, stale: [], errors: [{ index: 0, code: 'INVALID_QUANTITY', message: 'no' }] }
      : { ok: true },
  );
  const plan = await w.run();
  assert.is(plan.changed, 1);
  assert.equal(
    w.errors.map((e) => [e.externalId, e.field]),
    [['V1@WH-1', 'onHand']],
  );
  assert.is(w.marks.get('read-since'), '2026-11-30T11:59:00.000Z');
});

test('a level waiting for its variant still holds the read mark at its time', async () => {
  const w = world([level(1, '2026-11-30T10:00:00Z'), level(2)], () => ({ ok: true }), ['V1']);
  const plan = await w.run();
  assert.is(plan.waitingForCatalogue, 1);
  assert.is(w.marks.get('read-since'), '2026-11-30T10:00:00Z');
});

test.run();
