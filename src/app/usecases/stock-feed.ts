import type { RecordError } from '../../domain/model/record-error.js';
import type { StockLevel } from '../../domain/model/stock.js';
import type { StockSource } from '../../domain/ports/stock-source.js';
import { checkpoint, type StepContext } from './step-context.js';

/** The record-error entity and counter name of the stock sync. */
export const STOCK = 'stock';

/** How a level is named in record errors: VARIANT@WAREHOUSE. */
export const stockLevelId = (l: Pick<StockLevel, 'variantExternalId' | 'warehouseId'>) =>
  `${l.variantExternalId}@${l.warehouseId}`;

export function stockError(level: StockLevel, field: string | null, reason: string): RecordError {
  return { entity: STOCK, externalId: stockLevelId(level), field, reason, payload: level };
}

/** Newer `updatedAt` wins; on a tie the later copy in the feed wins (it was served later). */
export function newerOf(a: StockLevel, b: StockLevel): { kept: StockLevel; dropped: StockLevel } {
  return Date.parse(b.updatedAt) >= Date.parse(a.updatedAt)
    ? { kept: b, dropped: a }
    : { kept: a, dropped: b };
}

export interface StockFeed {
  /** One level per variant and mapped warehouse (the newest copy). */
  readonly levels: readonly StockLevel[];
  readonly read: number;
  readonly ignored: number;
}

/**
 * Reads API X's stock: malformed records and duplicates (the older copy) become record errors,
 * levels of warehouses not in the location map are counted and ignored.
 */
export async function readStockFeed(
  ctx: StepContext,
  source: StockSource,
  options: {
    readonly locations: ReadonlyMap<string, string>;
    readonly updatedSince: string | null;
  },
): Promise<StockFeed> {
  // By variant, its levels in a small list (one per warehouse): a 300,000-level feed keeps no
  // key string per level, and a variant's levels stay side by side, so one batch tracks and
  // stocks its item once for all its locations. Warehouse ids are the location map's own
  // strings, not one copy per level.
  const byVariant = new Map<string, StockLevel[]>();
  const warehouses = new Map([...options.locations.keys()].map((w) => [w, w]));
  let read = 0;
  let ignored = 0;
  for await (const parsed of source.levels(options.updatedSince, ctx.signal)) {
    checkpoint(ctx.signal);
    read += 1;
    if (!parsed.ok) {
      await ctx.recordError(parsed.error);
      continue;
    }
    const warehouseId = warehouses.get(parsed.value.warehouseId);
    if (warehouseId === undefined) {
      ignored += 1;
      continue;
    }
    const level = { ...parsed.value, warehouseId };
    const same = byVariant.get(level.variantExternalId);
    if (!same) {
      byVariant.set(level.variantExternalId, [level]);
      continue;
    }
    const at = same.findIndex((l) => l.warehouseId === warehouseId);
    const earlier = same[at];
    if (!earlier) {
      same.push(level);
      continue;
    }
    const { kept, dropped } = newerOf(earlier, level);
    same[at] = kept;
    await ctx.recordError(
      stockError(
        dropped,
        'updatedAt',
        `duplicate level in the feed: kept the copy updated at ${kept.updatedAt} (onHand ${kept.onHand}), dropped this one updated at ${dropped.updatedAt} (onHand ${dropped.onHand})`,
      ),
    );
  }
  ctx.counter.add(STOCK, 'ignored', ignored);
  if (ignored > 0)
    ctx.logger.info(
      { ignored },
      `${ignored} stock level(s) of warehouses not in INVENTORY_LOCATIONS ignored`,
    );
  const levels: StockLevel[] = [];
  for (const same of byVariant.values()) levels.push(...same);
  return { levels, read, ignored };
}
