import type { RecordError } from '../../domain/model/record-error.js';
import type { StockLevel } from '../../domain/model/stock.js';
import type { StockRecheck } from '../../domain/ports/stock-rechecks.js';
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

export type CopyVerdict = 'same' | 'newer' | 'older' | 'conflict';

/**
 * How a later copy of a level in the feed stands against the copy kept. API X serves a level
 * that changes during a read again, and "a client keeps the record with the newest updatedAt"
 * (docs/api-x.openapi.yaml, GET /v1/stock): same, newer and older copies are normal. Two copies
 * of one instant with different on hand cannot be ordered: a conflict.
 */
export function compareCopies(kept: StockLevel, next: StockLevel): CopyVerdict {
  const a = Date.parse(kept.updatedAt);
  const b = Date.parse(next.updatedAt);
  if (b > a) return 'newer';
  if (b < a) return 'older';
  return next.onHand === kept.onHand ? 'same' : 'conflict';
}

/**
 * Where a second read of API X must start so that it brings back these levels the incremental
 * read did not bring: the oldest copy remembered among them (API X's level is that copy or a
 * newer one, and `updatedSince` is inclusive). Null when there is none, or when the read was a
 * full one or already started there (then API X no longer serves the level: nothing to read).
 */
export function rereadFrom(
  missed: readonly Pick<StockRecheck, 'sourceUpdatedAt'>[],
  updatedSince: string | null,
): string | null {
  if (updatedSince === null) return null;
  let from: string | null = null;
  for (const { sourceUpdatedAt: t } of missed)
    if (Date.parse(t) < Date.parse(from ?? updatedSince)) from = t;
  return from;
}

export interface StockFeed {
  /** Levels kept: one per variant and mapped warehouse (the newest copy). */
  readonly size: number;
  /**
   * Whether the read brought a level for this variant and warehouse (one held back for
   * conflicting copies too: API X served it).
   */
  has(variantExternalId: string, warehouseId: string): boolean;
  /** The kept levels in parts of at most `size` (stock-level-store.ts says in which order). */
  parts(size: number): Iterable<StockLevel[]>;
  readonly read: number;
  readonly ignored: number;
  /** Copies API X served again (same, newer or older than the one kept): collapsed, no error. */
  readonly collapsed: number;
}

/**
 * Reads API X's stock: malformed records become record errors, levels of warehouses not in the
 * location map are counted and ignored, copies served again are collapsed to the newest (counted
 * and logged). Copies of one instant with different on hand are a record error and the level is
 * held back, unless a newer copy follows. The whole feed is read before anything is written (a
 * copy may come last), so it is held compactly.
 */
export async function readStockFeed(
  ctx: StepContext,
  source: StockSource,
  options: {
    readonly locations: ReadonlyMap<string, string>;
    readonly updatedSince: string | null;
    /** Levels to read even when API X has not changed them since `updatedSince` (rereadFrom). */
    readonly rechecks?: readonly StockRecheck[] | undefined;
  },
): Promise<StockFeed> {
  const store = createStockLevelStore([...options.locations.keys()]);
  let read = 0;
  let ignored = 0;
  let collapsed = 0;
  // Levels whose copies conflict, by VARIANT@WAREHOUSE: every copy of the conflicting instant.
  const conflicts = new Map<string, StockLevel[]>();
  const take = (level: StockLevel): void => {
    const earlier = store.get(level.variantExternalId, level.warehouseId);
    if (!earlier) {
      store.set(level);
      return;
    }
    const verdict = compareCopies(earlier, level);
    const id = stockLevelId(level);
    if (verdict === 'conflict') {
      conflicts.set(id, [...(conflicts.get(id) ?? [earlier]), level]);
      return;
    }
    collapsed += 1;
    if (verdict === 'newer') {
      store.set(level);
      conflicts.delete(id);
    }
  };
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
    take(level);
  }
  // A level in conflict is in the store too (its first copy): it was read, so it is not missed.
  const missed = (options.rechecks ?? []).filter(
    (r) => options.locations.has(r.warehouseId) && !store.get(r.variantExternalId, r.warehouseId),
  );
  const from = rereadFrom(missed, options.updatedSince);
  if (from !== null) {
    // API X reads by updatedSince only: the levels to recheck that this read did not bring are
    // read again from the oldest copy remembered among them (each is that copy or newer), and
    // only they are kept: the rest of that read was handled by earlier runs, and a malformed
    // record there was named then.
    const wanted = new Set(missed.map(stockLevelId));
    let found = 0;
    for await (const parsed of source.levels(from, ctx.signal)) {
      checkpoint(ctx.signal);
      if (!parsed.ok || !wanted.has(stockLevelId(parsed.value))) continue;
      found += 1;
      take(parsed.value);
    }
    read += found;
    ctx.logger.info(
      { rechecks: missed.length, found, from },
      `${missed.length} stock level(s) to recheck after fulfilments read again from API X since ${from}`,
    );
  }
  for (const copies of conflicts.values()) {
    const first = copies[0] as StockLevel;
    await ctx.recordError(
      stockError(
        first,
        'onHand',
        `API X served ${copies.length} copies updated at ${first.updatedAt} with different onHand (${copies
          .map((c) => c.onHand)
          .join(', ')}): none is written until API X serves a newer one`,
      ),
    );
  }
  if (collapsed > 0)
    ctx.logger.info(
      { collapsed },
      `${collapsed} stock level copies served again by API X collapsed (the newest kept)`,
    );
  ctx.counter.add(STOCK, 'ignored', ignored);
  if (ignored > 0)
    ctx.logger.info(
      { ignored },
      `${ignored} stock level(s) of warehouses not in INVENTORY_LOCATIONS ignored`,
    );
  return {
    size: store.size - conflicts.size,
    has: (variantExternalId, warehouseId) => store.has(variantExternalId, warehouseId),
    *parts(size) {
      for (const part of store.parts(size)) {
        const kept =
          conflicts.size === 0 ? part : part.filter((l) => !conflicts.has(stockLevelId(l)));
        if (kept.length > 0) yield kept;
      }
    },
    read,
    ignored,
    collapsed,
  };
}
