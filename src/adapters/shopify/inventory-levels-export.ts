import type { Logger } from '../../domain/ports/logger.js';
import type { InventoryItemState } from '../../domain/ports/shopify-inventory.js';
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

/**
 * Folds the export's rows, one at a time, into items by variant. Variant rows carry their item inline; level rows
 * come on their own lines, anywhere in the file (ungrouped output promises no order), naming
 * their parent in `__parentId`. Which ancestor that is for a connection under a nested object
 * (the variant, or its item) is not spelt out, so both ids are accepted: the stricter reading.
 */
export function createLevelFold(locationIds: ReadonlySet<string>) {
  const items = new Map<
    string,
    { itemId: string; tracked: boolean; onHand: Map<string, number> }
  >();
  const byParent = new Map<string, Map<string, number>>();
  // The location ids kept are the caller's own strings, not one copy per level row.
  const locations = new Map([...locationIds].map((id) => [id, id]));
  const levelsOf = (parentId: string): Map<string, number> => {
    let m = byParent.get(parentId);
    if (!m) byParent.set(parentId, (m = new Map<string, number>()));
    return m;
  };
  return {
    add(row: Obj): void {
      const parentId = str(row['__parentId']);
      if (parentId) {
        const locationId = locations.get(str(obj(row['location'])['id']) ?? '');
        if (locationId !== undefined) levelsOf(parentId).set(locationId, onHandOf(row));
        return;
      }
      const variantId = str(row['id']);
      const item = obj(row['inventoryItem']);
      const itemId = str(item['id']);
      if (!variantId || !itemId) return;
      const onHand = levelsOf(variantId);
      byParent.set(itemId, onHand);
      items.set(variantId, { itemId, tracked: item['tracked'] === true, onHand });
    },
    /**
     * Items by variant GID; level rows whose parent never came are dropped. The fold's own map,
     * not a copy (a copy of 100,000 items is another few megabytes at the peak).
     */
    items(): Map<string, InventoryItemState> {
      byParent.clear();
      return items;
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
