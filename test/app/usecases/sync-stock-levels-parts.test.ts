import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import { createSyncStockLevels } from '../../../src/app/usecases/sync-stock-levels.js';
import type { InventoryState, VariantStanding } from '../../../src/domain/ports/inventory-state.js';
import type { ShopifyInventory } from '../../../src/domain/ports/shopify-inventory.js';
import { silent } from '../../support/silent-logger.js';
import { inMemoryStockRechecks } from '../../support/fakes/stock-rechecks.js';

const LOCATION = 'gid://shopify/Location/1';
const LEVELS = 12_001;
/** Two variants the catalogue job has not created yet, one early in the feed, one late. */
const WAITING = new Map([
  ['V5', '2026-11-02T00:00:00Z'],
  ['V11000', '2026-11-01T00:00:00Z'],
]);

// A 100,000-variant feed held every level to write at once (286 MB at 100k x 3). The run now
// selects and writes a part of the feed before looking at the next: its counts and the oldest
// level still waiting must come out as if it had taken the feed whole.
test('a feed larger than one part: written part by part, counts and oldest waiting level whole', async () => {
  const events: string[] = [];
  let largestLookup = 0;
  let written = 0;
  const shopify: ShopifyInventory = {
    locations: async () => [{ id: LOCATION, name: 'Main', isActive: true }],
    items: async (ids) =>
      new Map(ids.map((id) => [id, { itemId: `item-${id}`, tracked: true, onHand: new Map() }])),
    track: async () => {},
    activate: async () => new Map(),
    setOnHand: async (w) => {
      events.push('write');
      written += w.length;
      return { ok: true };
    },
  };
  const state: InventoryState = {
    variants: async (ids) => {
      events.push('select');
      largestLookup = Math.max(largestLookup, ids.length);
      return new Map(
        ids.map((id): [string, VariantStanding] => [
          id,
          WAITING.has(id) ? { kind: 'waiting' } : { kind: 'mapped', variantId: `var-${id}` },
        ]),
      );
    },
    catalogueReadAt: async () => null,
    sent: async () => new Map(),
    saveSent: async () => {},
    sentAfter: async () => [],
    catalogued: async (ids) => new Set(ids),
    mark: async () => null,
    saveMark: async () => {},
  };
  const sync = createSyncStockLevels({
    source: {
      levels: async function* () {
        for (let i = 0; i < LEVELS; i++) {
          const v = `V${i}`;
          yield {
            ok: true as const,
            value: {
              variantExternalId: v,
              warehouseId: 'WH-1',
              onHand: 1 + (i % 7),
              updatedAt: WAITING.get(v) ?? '2026-11-30T00:00:00Z',
            },
          };
        }
      },
    },
    shopify,
    state,
    rechecks: inMemoryStockRechecks(),
  });
  const ctx: StepContext = {
    runId: 'run-1',
    signal: new AbortController().signal,
    logger: silent,
    counter: { add: () => {}, get: () => 0 },
    recordError: async () => {},
  };
  const plan = await sync.run(ctx, {
    dryRun: false,
    locations: new Map([['WH-1', LOCATION]]),
    updatedSince: null,
    reconcile: false,
    batchSize: 100,
  });
  assert.is(plan.read, LEVELS);
  assert.is(plan.waitingForCatalogue, 2);
  assert.is(plan.changed, LEVELS - 2);
  assert.is(written, LEVELS - 2);
  assert.is(plan.oldestUnsettled, '2026-11-01T00:00:00Z');
  assert.ok(largestLookup <= 5000, `looked up ${largestLookup} variants at once`);
  // Writes began before the last part was selected: parts, not the whole feed, are held.
  assert.ok(events.indexOf('write') < events.lastIndexOf('select'), 'wrote before selecting all');
});

test.run();
