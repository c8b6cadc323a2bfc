import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSyncStockLevels } from '../../../src/app/usecases/sync-stock-levels.js';
import { unreportedLevels } from '../../../src/app/usecases/unreported-levels.js';
import type { StockLevel } from '../../../src/domain/model/stock.js';
import { sentKey, type SentLevel } from '../../../src/domain/ports/inventory-state.js';
import type { ShopifyInventory } from '../../../src/domain/ports/shopify-inventory.js';
import { inMemoryInventoryState } from '../../support/fakes/inventory-state.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { inMemoryStockRechecks } from '../../support/fakes/stock-rechecks.js';

const LOC = 'gid://shopify/Location/1';
const OLD = '2026-11-01T00:00:00.000Z';

const remembered = (variantExternalId: string, warehouseId: string, onHand = 5): SentLevel => ({
  variantExternalId,
  warehouseId,
  locationId: LOC,
  onHand,
  sourceUpdatedAt: OLD,
  variantId: `var-${variantExternalId}`,
  itemId: `item-var-${variantExternalId}`,
});

const memoryOf = (levels: readonly SentLevel[]) =>
  new Map(levels.map((l) => [sentKey(l.variantExternalId, l.warehouseId), l]));

const servedBy = (pairs: readonly string[]) => ({
  has: (variantExternalId: string, warehouseId: string) =>
    pairs.includes(`${variantExternalId}@${warehouseId}`),
});

const ids = (n: number, prefix = 'V') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

// What unreportedLevels finds: remembered levels the read did not serve, at mapped warehouses.
const cases: {
  name: string;
  memory: SentLevel[];
  served: string[];
  /** Variants API X's catalogue no longer lists (their product is gone upstream). */
  gone?: string[];
  count: number;
  named: string[];
}[] = [
  { name: 'no memory (a first run)', memory: [], served: [], count: 0, named: [] },
  {
    name: 'every remembered level served',
    memory: [remembered('A', 'WH'), remembered('B', 'WH')],
    served: ['A@WH', 'B@WH'],
    count: 0,
    named: [],
  },
  {
    name: 'one level no longer served',
    memory: [remembered('A', 'WH'), remembered('B', 'WH')],
    served: ['A@WH'],
    count: 1,
    named: ['B@WH'],
  },
  {
    name: 'a warehouse no longer mapped is not counted',
    memory: [remembered('A', 'WH'), remembered('A', 'OLD-WH')],
    served: ['A@WH'],
    count: 0,
    named: [],
  },
  {
    name: 'a variant served at one mapped warehouse but not the other',
    memory: [remembered('A', 'WH'), remembered('A', 'WH-2')],
    served: ['A@WH'],
    count: 1,
    named: ['A@WH-2'],
  },
  {
    name: "a variant gone from API X's catalogue takes its stock record with it",
    memory: [remembered('A', 'WH'), remembered('B', 'WH'), remembered('C', 'WH')],
    served: ['A@WH'],
    gone: ['B'],
    count: 1,
    named: ['C@WH'],
  },
  {
    name: 'ten named, every one counted',
    memory: ids(13).map((id) => remembered(id, 'WH')),
    served: [],
    count: 13,
    named: ids(10).map((id) => `${id}@WH`),
  },
];

for (const c of cases)
  test(`unreportedLevels: ${c.name}`, async () => {
    const found = await unreportedLevels(
      inMemoryInventoryState(memoryOf(c.memory), new Set(c.gone)),
      servedBy(c.served),
      new Map([
        ['WH', LOC],
        ['WH-2', LOC],
      ]),
      new AbortController().signal,
    );
    assert.equal(found, { count: c.count, named: c.named });
  });

test('unreportedLevels reads the memory a page at a time, past the first page', async () => {
  // 5,000 a page: 12,001 levels take three pages and an empty fourth; the last one is missing.
  const all = ids(12_001);
  const state = inMemoryInventoryState(memoryOf(all.map((id) => remembered(id, 'WH'))));
  const pages: (string | null)[] = [];
  const found = await unreportedLevels(
    {
      sentAfter: (after, limit) => {
        pages.push(after?.variantExternalId ?? null);
        return state.sentAfter(after, limit);
      },
      catalogued: (ids) => state.catalogued(ids),
    },
    servedBy([]),
    new Map([['WH', LOC]]),
    new AbortController().signal,
  );
  assert.is(found.count, 12_001);
  assert.equal(pages, [null, 'V04999', 'V09999', 'V12000']);
});

/** Shopify holding 5 of every variant at LOC (what was sent); keeps the items written. */
function shopify() {
  const written: string[] = [];
  const inventory: ShopifyInventory = {
    locations: async () => [],
    items: async (variantIds) =>
      new Map(
        variantIds.map((id) => [
          id,
          { itemId: `item-${id}`, tracked: true, onHand: new Map([[LOC, 5]]) },
        ]),
      ),
    track: async () => {},
    activate: async () => new Map(),
    setOnHand: async (writes) => {
      written.push(...writes.map((w) => w.itemId));
      return { ok: true };
    },
  };
  return { inventory, written };
}

const level = (variantExternalId: string, onHand: number): StockLevel => ({
  variantExternalId,
  warehouseId: 'WH',
  onHand,
  updatedAt: '2026-12-01T00:00:00.000Z',
});

async function runWith(options: { since: string | null; dryRun?: boolean }) {
  const memory = memoryOf([remembered('A', 'WH'), remembered('B', 'WH'), remembered('C', 'WH')]);
  const pagesRead: unknown[] = [];
  const base = inMemoryInventoryState(memory);
  const { inventory, written } = shopify();
  const step = fakeStepContext();
  const sync = createSyncStockLevels({
    // API X's read no longer has B (its record was deleted upstream).
    source: {
      levels: async function* () {
        yield { ok: true as const, value: level('A', 5) };
        yield { ok: true as const, value: level('C', 9) };
      },
    },
    shopify: inventory,
    state: {
      ...base,
      sentAfter: (after, limit) => {
        pagesRead.push(after);
        return base.sentAfter(after, limit);
      },
    },
    rechecks: inMemoryStockRechecks(),
  });
  const plan = await sync.run(step.ctx, {
    dryRun: options.dryRun ?? false,
    locations: new Map([['WH', LOC]]),
    updatedSince: options.since,
    reconcile: options.since === null,
    batchSize: 250,
  });
  return { plan, step, written, pagesRead, memory };
}

test('a full read names the level it no longer serves, counts it and leaves it as Shopify holds it', async () => {
  const { plan, step, written, memory } = await runWith({ since: null });
  assert.is(plan.unreported, 1);
  assert.is(step.counter.get('stock', 'unreported'), 1);
  const warning = step.warnings().find((l) => l.message.includes('missing from'));
  assert.ok(warning, 'an operator is told');
  assert.match(warning.message, /B@WH/);
  assert.match(warning.message, /not 0/);
  assert.equal((warning.fields as { levels: string[] }).levels, ['B@WH']);
  // C changed (9, Shopify holds 5) and is written; B is not touched, its memory kept as it was.
  assert.equal(written, ['item-var-C']);
  assert.equal(memory.get(sentKey('B', 'WH')), remembered('B', 'WH'));
  assert.is(step.errors.length, 0, 'not a record error: nothing API X served was refused');
});

test('a dry run with a full read reports it too (it only reads)', async () => {
  const { plan, written } = await runWith({ since: null, dryRun: true });
  assert.is(plan.unreported, 1);
  assert.equal(written, []);
});

test('an incremental read cannot tell: no lookup, nothing counted', async () => {
  const { plan, step, pagesRead } = await runWith({ since: '2026-11-30T00:00:00Z' });
  assert.is(plan.unreported, 0);
  assert.equal(pagesRead, []);
  assert.is(step.counter.get('stock', 'unreported'), 0);
  assert.not.ok(step.warnings().some((l) => l.message.includes('missing from')));
});

test.run();
