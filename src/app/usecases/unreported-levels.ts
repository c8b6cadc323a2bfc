import type { InventoryState, LevelKey } from '../../domain/ports/inventory-state.js';
import { keysetPages } from './keyset-pages.js';
import { checkpoint } from './step-context.js';
import { stockLevelId, type StockFeed } from './stock-feed.js';

/** Remembered levels read per statement. */
const PAGE = 5000;
/** Levels named in the warning; the count says how many there are. */
const NAMED = 10;

export interface UnreportedLevels {
  readonly count: number;
  /** The first few, VARIANT@WAREHOUSE, in key order. */
  readonly named: readonly string[];
}

/**
 * Levels this service sent to Shopify that API X's full read did not serve, at warehouses still
 * mapped to a location, of variants API X's catalogue still lists (a product gone upstream is
 * archived by sync-to-shopify, and its stock records go with it: no warning for those, every
 * reconcile, for ever). API X's contract says a pair missing from a full read "has no stock
 * record, which is not the same as 0" (docs/api-x.openapi.yaml, GET /v1/stock), so nothing is
 * written: Shopify keeps selling what it last held. Only a full read can tell, since API X
 * reports no deletions; the memory is read a page at a time, in key order.
 */
export async function unreportedLevels(
  state: Pick<InventoryState, 'sentAfter' | 'catalogued'>,
  served: Pick<StockFeed, 'has'>,
  locations: ReadonlyMap<string, string>,
  signal: AbortSignal,
): Promise<UnreportedLevels> {
  let count = 0;
  const named: string[] = [];
  const pages = keysetPages<LevelKey, LevelKey | null>(
    null,
    (after) => state.sentAfter(after, PAGE),
    (l) => l,
  );
  for await (const page of pages) {
    checkpoint(signal);
    const missing = page.filter(
      (l) => locations.has(l.warehouseId) && !served.has(l.variantExternalId, l.warehouseId),
    );
    if (missing.length === 0) continue;
    const listed = await state.catalogued([...new Set(missing.map((l) => l.variantExternalId))]);
    for (const level of missing) {
      if (!listed.has(level.variantExternalId)) continue;
      count += 1;
      if (named.length < NAMED) named.push(stockLevelId(level));
    }
  }
  return { count, named };
}
