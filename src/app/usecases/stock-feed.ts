import type { RecordError } from '../../domain/model/record-error.js';
import type { StockLevel } from '../../domain/model/stock.js';
import { sentKey } from '../../domain/ports/inventory-state.js';
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
  const levels = new Map<string, StockLevel>();
  let read = 0;
  let ignored = 0;
  for await (const parsed of source.levels(options.updatedSince, ctx.signal)) {
    checkpoint(ctx.signal);
    read += 1;
    if (!parsed.ok) {
      await ctx.recordError(parsed.error);
      continue;
    }
    const level = parsed.value;
    if (!options.locations.has(level.warehouseId)) {
      ignored += 1;
      continue;
    }
    const key = sentKey(level.variantExternalId, level.warehouseId);
    const earlier = levels.get(key);
    if (!earlier) {
      levels.set(key, level);
      continue;
    }
    const { kept, dropped } = newerOf(earlier, level);
    levels.set(key, kept);
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
  return { levels: [...levels.values()], read, ignored };
}
