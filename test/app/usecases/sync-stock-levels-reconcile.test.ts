import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import { createSyncStockLevels } from '../../../src/app/usecases/sync-stock-levels.js';
import type { StockLevel } from '../../../src/domain/model/stock.js';
import {
  sentKey,
  type InventoryState,
  type SentLevel,
} from '../../../src/domain/ports/inventory-state.js';
import type { Logger } from '../../../src/domain/ports/logger.js';
import type {
  InventoryItemState,
  OnHandWrite,
  ShopifyInventory,
} from '../../../src/domain/ports/shopify-inventory.js';
import type { ShopifyLevelsExport } from '../../../src/domain/ports/shopify-levels-export.js';
import { inMemoryStockRechecks } from '../../support/fakes/stock-rechecks.js';

const LOCATION = 'gid://shopify/Location/1';
const OLD = '2026-11-01T00:00:00Z';

/**
 * Shopify holds V1 at 9 (a hand edit) and V2 at 5; API X says 5 for both and we last sent 5.
 * `exported`: what the bulk export answers (null: the slot is busy; undefined: no export wired).
 */
function world(exported: Map<string, InventoryItemState> | null | undefined) {
  const shopHolds = (id: string): InventoryItemState => ({
    itemId: `item-${id}`,
    tracked: true,
    onHand: new Map([[LOCATION, id === 'var-V1' ? 9 : 5]]),
  });
  const pagedReads: string[] = [];
  const writes: OnHandWrite[] = [];
  const warnings: string[] = [];
  const shopify: ShopifyInventory = {
    locations: async () => [{ id: LOCATION, name: 'Main', isActive: true }],
    items: async (ids) => {
      pagedReads.push(...ids);
      return new Map(ids.map((id) => [id, shopHolds(id)]));
    },
    track: async () => {},
    activate: async () => new Map(),
    setOnHand: async (w) => {
      writes.push(...w);
      return { ok: true };
    },
  };
  const exportAsked: ReadonlySet<string>[] = [];
  const levelsExport: ShopifyLevelsExport = {
    exportLevels: async (locations) => {
      exportAsked.push(locations);
      return exported ?? null;
    },
  };
  const state: InventoryState = {
    variants: async (ids) =>
      new Map(ids.map((id) => [id, { kind: 'mapped' as const, variantId: `var-${id}` }])),
    catalogueReadAt: async () => null,
    sent: async (keys) =>
      new Map(
        keys.map((k): [string, SentLevel] => [
          sentKey(k.variantExternalId, k.warehouseId),
          {
            ...k,
            locationId: LOCATION,
            onHand: 5,
            sourceUpdatedAt: OLD,
            variantId: `var-${k.variantExternalId}`,
            itemId: `item-var-${k.variantExternalId}`,
          },
        ]),
      ),
    saveSent: async () => {},
    sentAfter: async () => [],
    catalogued: async (ids) => new Set(ids),
    mark: async () => null,
    saveMark: async () => {},
  };
  const logger: Logger = {
    trace: () => {},
    debug: () => {},
    info: () => {},
    warn: (a: object | string, b?: string) =>
      void warnings.push(typeof a === 'string' ? a : (b ?? '')),
    error: () => {},
    child: () => logger,
  };
  const levels: StockLevel[] = ['V1', 'V2'].map((v) => ({
    variantExternalId: v,
    warehouseId: 'WH-1',
    onHand: 5,
    updatedAt: OLD,
  }));
  const sync = createSyncStockLevels({
    source: {
      levels: async function* () {
        for (const l of levels) yield { ok: true as const, value: l };
      },
    },
    shopify,
    state,
    rechecks: inMemoryStockRechecks(),
    ...(exported === undefined ? {} : { levelsExport }),
  });
  const ctx: StepContext = {
    runId: 'run-1',
    signal: new AbortController().signal,
    logger,
    counter: { add: () => {}, get: () => 0 },
    recordError: async () => {},
  };
  const run = () =>
    sync.run(ctx, {
      dryRun: false,
      locations: new Map([['WH-1', LOCATION]]),
      updatedSince: null,
      reconcile: true,
      batchSize: 50,
    });
  return { run, pagedReads, writes, warnings, exportAsked };
}

const exported = new Map<string, InventoryItemState>(
  ['var-V1', 'var-V2'].map((id) => [
    id,
    { itemId: `item-${id}`, tracked: true, onHand: new Map([[LOCATION, id === 'var-V1' ? 9 : 5]]) },
  ]),
);

test('a reconcile reads Shopify from the bulk export, not page by page, and corrects the hand edit', async () => {
  const w = world(exported);
  const plan = await w.run();
  assert.equal(w.exportAsked, [new Set([LOCATION])], 'one export, for the mapped locations');
  assert.equal(w.pagedReads, [], 'no paged read');
  assert.equal(
    w.writes.map((x) => [x.itemId, x.onHand, x.changeFrom]),
    [['item-var-V1', 5, 9]],
  );
  assert.is(plan.drift, 1);
  assert.is(plan.changed, 1);
  assert.not.ok(
    w.warnings.some((m) => m.includes('page by page')),
    w.warnings.join('\n'),
  );
});

test('a busy bulk slot: the reconcile reads page by page, says so, and corrects the same', async () => {
  const w = world(null);
  const plan = await w.run();
  assert.is(w.exportAsked.length, 1);
  assert.equal(w.pagedReads.sort(), ['var-V1', 'var-V2']);
  assert.equal(
    w.writes.map((x) => [x.itemId, x.onHand, x.changeFrom]),
    [['item-var-V1', 5, 9]],
  );
  assert.is(plan.drift, 1);
  assert.ok(
    w.warnings.some((m) => /another bulk operation is running.*page by page/.test(m)),
    w.warnings.join('\n'),
  );
});

test('a variant the export does not name (created since) is read page by page', async () => {
  const w = world(new Map([...exported].filter(([id]) => id === 'var-V1')));
  await w.run();
  assert.equal(w.pagedReads, ['var-V2']);
  assert.equal(
    w.writes.map((x) => x.itemId),
    ['item-var-V1'],
  );
});

test.run();
