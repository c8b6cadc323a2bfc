import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import { selectStockChanges } from '../../../src/app/usecases/select-stock-changes.js';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import type { StockLevel } from '../../../src/domain/model/stock.js';
import {
  sentKey,
  type InventoryState,
  type SentLevel,
} from '../../../src/domain/ports/inventory-state.js';
import { silent } from '../../support/silent-logger.js';

const context = (): StepContext => ({
  runId: 'run-1',
  signal: new AbortController().signal,
  logger: silent,
  counter: createRunCounter(),
  recordError: async () => {},
});

const level: StockLevel = {
  variantExternalId: 'V1',
  warehouseId: 'WH-1',
  onHand: 10,
  updatedAt: '2026-11-30T10:00:00Z',
};
const LOCATION = 'gid://shopify/Location/1';
const confirmed: SentLevel = {
  variantExternalId: 'V1',
  warehouseId: 'WH-1',
  locationId: LOCATION,
  onHand: 10,
  sourceUpdatedAt: level.updatedAt,
  variantId: 'gid://shopify/ProductVariant/1',
  itemId: 'gid://shopify/InventoryItem/1',
};

/** An in-memory state: V1 mapped to `variantId`, `sent` remembered for V1@WH-1. */
function state(variantId: string, sent: SentLevel): InventoryState {
  return {
    variants: async () => new Map([['V1', { kind: 'mapped', variantId }]]),
    catalogueReadAt: async () => null,
    sent: async () => new Map([[sentKey('V1', 'WH-1'), sent]]),
    saveSent: async () => {},
    sentAfter: async () => [],
    catalogued: async (ids) => new Set(ids),
    mark: async () => null,
    saveMark: async () => {},
  };
}

const select = (s: InventoryState) =>
  selectStockChanges(context(), s, [level], {
    locations: new Map([['WH-1', LOCATION]]),
    reconcile: false,
  });

const table: [string, string, SentLevel, 'pending' | 'unchanged'][] = [
  ['same variant, quantity and location: confirmed', confirmed.variantId!, confirmed, 'unchanged'],
  ['another quantity', confirmed.variantId!, { ...confirmed, onHand: 3 }, 'pending'],
  // Deleted by hand and recreated by sync-to-shopify: a new inventory item at 0 in Shopify.
  ['the variant was recreated', 'gid://shopify/ProductVariant/2', confirmed, 'pending'],
  // Written before the variant was kept: which variant Shopify confirmed is not known.
  ['no remembered variant', confirmed.variantId!, { ...confirmed, variantId: null }, 'pending'],
];
for (const [name, variantId, sent, expected] of table)
  test(`selectStockChanges: ${name} -> ${expected}`, async () => {
    const r = await select(state(variantId, sent));
    assert.is(r.pending.length, expected === 'pending' ? 1 : 0);
    assert.is(r.unchanged, expected === 'unchanged' ? 1 : 0);
    if (expected === 'pending') assert.is(r.pending[0]!.variantId, variantId);
  });

test.run();
