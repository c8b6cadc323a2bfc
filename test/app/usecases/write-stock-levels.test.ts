import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import { createSyncStockLevels } from '../../../src/app/usecases/sync-stock-levels.js';
import type { StockLevel } from '../../../src/domain/model/stock.js';
import { sentKey, type SentLevel } from '../../../src/domain/ports/inventory-state.js';
import { UpstreamError } from '../../../src/domain/errors.js';
import type {
  OnHandWrite,
  SetOnHandResult,
  ShopifyInventory,
} from '../../../src/domain/ports/shopify-inventory.js';
import { inMemoryInventoryState } from '../../support/fakes/inventory-state.js';
import { silent } from '../../support/silent-logger.js';
import { inMemoryStockRechecks } from '../../support/fakes/stock-rechecks.js';

const LOC = 'gid://shopify/Location/1';
const AT = '2026-11-30T10:00:00Z';

/**
 * A shop whose levels follow Shopify's compare-and-set (all or nothing, stale lines named) and
 * a Postgres memory holding what was last confirmed, with the item of each level.
 */
function world(
  shop: Record<string, number>,
  memory: Record<string, number>,
  /** What Shopify answers every inventorySetQuantities instead of writing. */
  answer?: SetOnHandResult,
) {
  const onHand = new Map(Object.entries(shop));
  let feed: Record<string, number> = {};
  const sent = new Map<string, SentLevel>(
    Object.entries(memory).map(([v, q]) => [
      sentKey(v, 'WH'),
      {
        variantExternalId: v,
        warehouseId: 'WH',
        locationId: LOC,
        onHand: q,
        sourceUpdatedAt: AT,
        variantId: `var-${v}`,
        itemId: `item-${v}`,
      },
    ]),
  );
  const calls = { items: [] as string[][], set: [] as OnHandWrite[][] };
  const shopify: ShopifyInventory = {
    locations: async () => [],
    items: async (ids) => {
      calls.items.push([...ids]);
      return new Map(
        ids.map((id) => {
          const v = id.replace('var-', '');
          return [
            id,
            { itemId: `item-${v}`, tracked: true, onHand: new Map([[LOC, onHand.get(v) ?? 0]]) },
          ];
        }),
      );
    },
    track: async () => {},
    activate: async () => new Map(),
    setOnHand: async (writes) => {
      calls.set.push([...writes]);
      if (answer) return answer;
      const stale = writes.flatMap((w, i) =>
        (onHand.get(w.itemId.replace('item-', '')) ?? 0) === w.changeFrom ? [] : [i],
      );
      if (stale.length > 0) return { ok: false, stale, errors: [] };
      for (const w of writes) onHand.set(w.itemId.replace('item-', ''), w.onHand);
      return { ok: true };
    },
  };
  const state = inMemoryInventoryState(sent);
  const ctx: StepContext = {
    runId: 'run-1',
    signal: new AbortController().signal,
    logger: silent,
    counter: { add: () => {}, get: () => 0 },
    recordError: async () => {},
  };
  const sync = createSyncStockLevels({
    source: {
      levels: async function* (): AsyncGenerator<{ ok: true; value: StockLevel }> {
        for (const [v, q] of Object.entries(feed))
          yield {
            ok: true,
            value: { variantExternalId: v, warehouseId: 'WH', onHand: q, updatedAt: AT },
          };
      },
    },
    shopify,
    state,
    rechecks: inMemoryStockRechecks(),
  });
  return {
    calls,
    onHand,
    sent,
    run: (levels: Record<string, number>) => {
      feed = levels;
      return sync.run(ctx, {
        dryRun: false,
        locations: new Map([['WH', LOC]]),
        updatedSince: null,
        reconcile: false,
        batchSize: 250,
      });
    },
  };
}

test('a changed level Shopify last confirmed is sent from memory, without reading Shopify', async () => {
  const w = world({ A: 3, B: 4 }, { A: 3, B: 4 });
  const plan = await w.run({ A: 9, B: 4 });
  assert.is(plan.changed, 1);
  assert.equal(w.calls.items, []);
  assert.equal(w.calls.set, [[{ itemId: 'item-A', locationId: LOC, onHand: 9, changeFrom: 3 }]]);
  assert.is(w.sent.get(sentKey('A', 'WH'))?.onHand, 9);
});

test('a stale answer: only that level is re-read, then the batch is re-sent with what Shopify holds', async () => {
  // B was counted by hand in Shopify (4 -> 6) since our last write.
  const w = world({ A: 3, B: 6 }, { A: 3, B: 4 });
  const plan = await w.run({ A: 9, B: 1 });
  assert.equal(w.calls.items, [['var-B']]);
  assert.equal(w.calls.set, [
    [
      { itemId: 'item-A', locationId: LOC, onHand: 9, changeFrom: 3 },
      { itemId: 'item-B', locationId: LOC, onHand: 1, changeFrom: 4 },
    ],
    [
      { itemId: 'item-A', locationId: LOC, onHand: 9, changeFrom: 3 },
      { itemId: 'item-B', locationId: LOC, onHand: 1, changeFrom: 6 },
    ],
  ]);
  assert.equal([w.onHand.get('A'), w.onHand.get('B')], [9, 1]);
  assert.equal([plan.changed, plan.drift], [2, 1]);
});

test('a level with no known item is read first; a quiet run after it sends and reads nothing', async () => {
  const w = world({ A: 0 }, {});
  await w.run({ A: 5 });
  assert.equal(w.calls.items, [['var-A']]);
  assert.equal(w.calls.set, [[{ itemId: 'item-A', locationId: LOC, onHand: 5, changeFrom: 0 }]]);
  assert.is(w.sent.get(sentKey('A', 'WH'))?.itemId, 'item-A');
  w.calls.items.length = 0;
  w.calls.set.length = 0;
  const quiet = await w.run({ A: 5 });
  assert.equal([w.calls.items, w.calls.set, quiet.changed, quiet.unchanged], [[], [], 0, 1]);
});

// "This request is currently in progress, please try again" / "A previous request with this
// idempotency key failed. Retry with a new idempotency key" [schema:
// InventorySetQuantitiesUserErrorCode]: the next run (a new run id, so a new key) may succeed.
for (const code of ['IDEMPOTENCY_CONCURRENT_REQUEST', 'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED'])
  test(`${code}: the run fails as retryable, nothing is remembered as written`, async () => {
    const w = world(
      { A: 3 },
      { A: 3 },
      {
        ok: false,
        stale: [],
        errors: [{ index: null, code, message: 'try again' }],
      },
    );
    const error = await w.run({ A: 9 }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.instance(error, UpstreamError);
    assert.is((error as UpstreamError).retryable, true);
    assert.ok((error as UpstreamError).message.includes(code));
    assert.is(w.sent.get(sentKey('A', 'WH'))?.onHand, 3);
  });

test.run();
