import type { RecordError } from '../../domain/model/record-error.js';
import type { StockLevel } from '../../domain/model/stock.js';
import type { StockSource } from '../../domain/ports/stock-source.js';
import { checkpoint, type StepContext } from './step-context.js';
import { createStockLevelStore } from './stock-level-store.js';

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
  /** Levels kept: one per variant and mapped warehouse (the newest copy). */
  readonly size: number;
  /** The kept levels in parts of at most `size` (stock-level-store.ts says in which order). */
  parts(size: number): Iterable<StockLevel[]>;
  readonly read: number;
  readonly ignored: number;
}

/**
 * Reads API X's stock: malformed records and duplicates (the older copy) become record errors,
 * levels of warehouses not in the location map are counted and ignored. The whole feed is read
 * before anything is written (a duplicate may come last), so it is held compactly.
 */
export async function readStockFeed(
  ctx: StepContext,
  source: StockSource,
  options: {
    readonly locations: ReadonlyMap<string, string>;
    readonly updatedSince: string | null;
  },
): Promise<StockFeed> {
  const store = createStockLevelStore([...options.locations.keys()]);
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
    const earlier = store.get(level.variantExternalId, level.warehouseId);
    if (!earlier) {
      store.set(level);
      continue;
    }
    const { kept, dropped } = newerOf(earlier, level);
    store.set(kept);
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
  return { size: store.size, parts: (size) => store.parts(size), read, ignored };
}
