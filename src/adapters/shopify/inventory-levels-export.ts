import type { Logger } from '../../domain/ports/logger.js';
import type { InventoryItemLookup } from '../../domain/ports/shopify-inventory.js';
import type { ShopifyLevelsExport } from '../../domain/ports/shopify-levels-export.js';
import { BulkBusyError } from './bulk/error-codes.js';
import type { BulkPolling } from './bulk/poll.js';
import { createShopifyBulk } from './bulk/shopify-bulk.js';
import { obj, str, type Obj } from './graphql-values.js';
import { INVENTORY_LEVELS_BULK } from './inventory-documents.js';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.js';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** On hand of one level row (`quantities(names: ["on_hand"])`); 0 when Shopify sent none. */
function onHandOf(level: Obj): number {
  const q = list(level['quantities'])
    .map(obj)
    .find((x) => x['name'] === 'on_hand');
  const n = Number(q?.['quantity'] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Marks a location that does not stock the item; Shopify's quantities stay within ±1,000,000,000. */
const NOT_STOCKED = -0x80000000;

/**
 * Folds the export's rows, one at a time, into items by variant. Variant rows carry their item inline; level rows
 * come on their own lines, anywhere in the file (ungrouped output promises no order), naming
 * their parent in `__parentId`. Which ancestor that is for a connection under a nested object
 * (the variant, or its item) is not spelt out, so both ids are accepted: the stricter reading.
 *
 * Compact because the reconcile holds every level at once (issue 20: 100,000 variants x 3
 * locations under 256 MB): each item is a slot, its on hand at the mapped locations one Int32Array
 * row (4 bytes a level) instead of a Map per variant (about 130 bytes a level); an item's state
 * is built when asked for.
 */
export function createLevelFold(locationIds: ReadonlySet<string>) {
  // Location GID -> its column; the ids kept are the caller's own strings.
  const column = new Map([...locationIds].map((id, i) => [id, i]));
  const width = Math.max(1, column.size);
  const slotOf = new Map<string, number>();
  const byParent = new Map<string, number>();
  const itemIds: (string | undefined)[] = [];
  const tracked: boolean[] = [];
  let onHand = new Int32Array(1024 * width).fill(NOT_STOCKED);
  const newSlot = (): number => {
    const slot = itemIds.length;
    itemIds.push(undefined);
    tracked.push(false);
    if ((slot + 1) * width > onHand.length) {
      const grown = new Int32Array(onHand.length * 2).fill(NOT_STOCKED);
      grown.set(onHand);
      onHand = grown;
    }
    return slot;
  };
  const parentSlot = (parentId: string): number => {
    let slot = byParent.get(parentId);
    if (slot === undefined) byParent.set(parentId, (slot = newSlot()));
    return slot;
  };
  /** Levels that came under the item's id before its variant row join the variant's slot. */
  const merge = (into: number, from: number): void => {
    for (let c = 0; c < width; c++) {
      const q = onHand[from * width + c] ?? NOT_STOCKED;
      if (q !== NOT_STOCKED && onHand[into * width + c] === NOT_STOCKED)
        onHand[into * width + c] = q;
    }
  };
  const stateOf = (slot: number) => {
    const levels = new Map<string, number>();
    for (const [locationId, c] of column) {
      const q = onHand[slot * width + c] ?? NOT_STOCKED;
      if (q !== NOT_STOCKED) levels.set(locationId, q);
    }
    return { itemId: itemIds[slot] ?? '', tracked: tracked[slot] ?? false, onHand: levels };
  };
  const lookup: InventoryItemLookup = {
    get size() {
      return slotOf.size;
    },
    has: (variantId) => slotOf.has(variantId),
    get(variantId) {
      const slot = slotOf.get(variantId);
      return slot === undefined ? undefined : stateOf(slot);
    },
  };
  return {
    add(row: Obj): void {
      const parentId = str(row['__parentId']);
      if (parentId) {
        const c = column.get(str(obj(row['location'])['id']) ?? '');
        if (c !== undefined) onHand[parentSlot(parentId) * width + c] = onHandOf(row);
        return;
      }
      const variantId = str(row['id']);
      const item = obj(row['inventoryItem']);
      const itemId = str(item['id']);
      if (!variantId || !itemId) return;
      const slot = parentSlot(variantId);
      const early = byParent.get(itemId);
      if (early !== undefined && early !== slot) merge(slot, early);
      byParent.set(itemId, slot);
      itemIds[slot] = itemId;
      tracked[slot] = item['tracked'] === true;
      slotOf.set(variantId, slot);
    },
    /** Items by variant GID; level rows whose parent never came are dropped. */
    items(): InventoryItemLookup {
      byParent.clear();
      return lookup;
    },
  };
}

export interface LevelsExportOptions {
  readonly client: ShopifyGraphqlClient;
  readonly logger: Logger;
  readonly fetch?: typeof fetch | undefined;
  readonly polling?: Partial<BulkPolling> | undefined;
}

/**
 * The reconcile's read as one bulk export (10 points, off the rate limit while it runs) instead
 * of `nodes` pages at up to 64 points per variant. Busy slot: null, and the caller reads pages.
 */
export function createShopifyLevelsExport(options: LevelsExportOptions): ShopifyLevelsExport {
  const log = options.logger.child({ component: 'shopify-inventory' });
  const bulk = createShopifyBulk(options);
  return {
    async exportLevels(locationIds, signal) {
      let run: Awaited<ReturnType<typeof bulk.runQuery>>;
      try {
        run = await bulk.runQuery(
          'inventory levels',
          INVENTORY_LEVELS_BULK,
          'the next reconcile reads again',
          signal,
        );
      } catch (error) {
        if (!(error instanceof BulkBusyError)) throw error;
        log.warn({ reason: error.message }, 'bulk export of inventory levels not available now');
        return null;
      }
      // Folded as the lines arrive: memory holds the levels, not the rows.
      const fold = createLevelFold(locationIds);
      if (run.url)
        for await (const { row } of bulk.exportRows(run.operationId, run.url, signal))
          fold.add(row);
      const items = fold.items();
      log.info(
        { operationId: run.operationId, objectCount: run.objectCount, variants: items.size },
        'bulk export of inventory levels read',
      );
      return items;
    },
  };
}
