import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import { readStockLevels } from '../../../src/app/usecases/read-stock-levels.js';
import type { PendingLevel } from '../../../src/app/usecases/select-stock-changes.js';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import type { RecordError } from '../../../src/domain/model/record-error.js';
import type { ShopifyInventory } from '../../../src/domain/ports/shopify-inventory.js';
import { silent } from '../../support/silent-logger.js';

const LOC = 'gid://shopify/Location/1';

const pending = (v: string): PendingLevel => ({
  level: { variantExternalId: v, warehouseId: 'WH', onHand: 5, updatedAt: '2026-11-30T10:00:00Z' },
  variantId: `var-${v}`,
  locationId: LOC,
  sent: undefined,
});

// inventoryBulkToggleActivation refuses one item (e.g. MISSING_SKU, INVENTORY_MANAGED_BY_SHOPIFY
// [schema: InventoryBulkToggleActivationUserErrorCode]); neither item is stocked at LOC yet.
test('an item Shopify will not stock is held back with a record error; the other items go on', async () => {
  const errors: RecordError[] = [];
  const ctx: StepContext = {
    runId: 'run-1',
    signal: new AbortController().signal,
    logger: silent,
    counter: createRunCounter(),
    recordError: async (e) => void errors.push(e),
  };
  const activated: string[] = [];
  const shopify: ShopifyInventory = {
    locations: async () => [],
    items: async (ids) =>
      new Map(
        ids.map((id) => [
          id,
          { itemId: id.replace('var-', 'item-'), tracked: true, onHand: new Map() },
        ]),
      ),
    track: async () => {},
    activate: async (requests) => {
      const refusals = new Map<string, string>();
      for (const { itemId } of requests)
        if (itemId === 'item-A')
          refusals.set(itemId, 'MISSING_SKU Cannot stock this inventory item');
        else activated.push(itemId);
      return refusals;
    },
    setOnHand: async () => ({ ok: true }),
  };
  const read = await readStockLevels(ctx, shopify, [pending('A'), pending('B')], new Set());
  assert.equal(activated, ['item-B']);
  assert.equal(
    read.ready.map((r) => [r.itemId, r.changeFrom]),
    [['item-B', 0]],
  );
  assert.equal(
    errors.map((e) => [e.externalId, e.field, e.reason.includes('MISSING_SKU')]),
    [['A@WH', 'warehouseId', true]],
  );
});

test.run();
