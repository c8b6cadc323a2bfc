import { chunks } from '../../domain/chunks.js';
import type { InventoryState } from '../../domain/ports/inventory-state.js';
import type {
  InventoryItemLookup,
  ShopifyInventory,
} from '../../domain/ports/shopify-inventory.js';
import type { ShopifyLevelsExport } from '../../domain/ports/shopify-levels-export.js';
import type { StockSource } from '../../domain/ports/stock-source.js';
import { selectStockChanges } from './select-stock-changes.js';
import { checkpoint, type StepContext } from './step-context.js';
import { readStockFeed, STOCK } from './stock-feed.js';
import { createWriteStockLevels } from './write-stock-levels.js';

export interface SyncStockLevelsDeps {
  readonly source: StockSource;
  readonly shopify: ShopifyInventory;
  readonly state: InventoryState;
  /** The reconcile's read in one bulk export; without it, the reconcile reads page by page. */
  readonly levelsExport?: ShopifyLevelsExport | undefined;
}

export interface SyncStockLevelsOptions {
  readonly dryRun: boolean;
  /** API X warehouse id -> Shopify location GID (validated). */
  readonly locations: ReadonlyMap<string, string>;
  /** null: the full read. */
  readonly updatedSince: string | null;
  /** Compare with what Shopify holds now, not with what was last sent (corrects hand edits). */
  readonly reconcile: boolean;
  /** Levels per inventorySetQuantities call. */
  readonly batchSize: number;
}

export interface StockPlan {
  readonly read: number;
  readonly ignoredUnmappedWarehouse: number;
  readonly waitingForCatalogue: number;
  readonly unchanged: number;
  /** Levels to write (a dry run) or written. */
  readonly changed: number;
  /** Levels Shopify held at another value than we last sent (hand edits, fulfilments). */
  readonly drift: number;
  /**
   * Levels not written because Shopify already held them short of API X's copy: it moved them
   * after API X was read (write-stock-levels.ts, overwriteTarget). Counted as deferred, read
   * again by the next run (they hold `oldestUnsettled` back).
   */
  readonly heldBack: number;
  /**
   * Levels written (in `changed`) below API X's copy because Shopify moved them after API X was
   * read. Counted `stock.short`, not deferred (each level is counted once); read again by the
   * next run (they hold `oldestUnsettled` back).
   */
  readonly short: number;
  readonly reconcile: boolean;
  /**
   * The oldest `updatedAt` of a level still waiting on something that will change (a variant the
   * catalogue job has not created yet, a compare-and-set that kept failing, a level held back
   * because Shopify changed it after API X was read): the next read starts
   * there. Levels refused for good are record errors and do not hold the read back (else every
   * run would re-read everything since); the reconcile picks them up again.
   */
  readonly oldestUnsettled: string | null;
}

/** The oldest of `oldest` and the levels' `updatedAt`. */
function oldestOf(
  oldest: string | null,
  levels: readonly { readonly updatedAt: string }[],
): string | null {
  for (const { updatedAt: t } of levels)
    if (oldest === null || Date.parse(t) < Date.parse(oldest)) oldest = t;
  return oldest;
}

/** Feed levels selected (and written) at a time. */
const SELECT_CHUNK = 5000;

/**
 * API X stock -> Shopify on hand, per variant and location: read the feed, keep the levels
 * whose quantity differs from what Shopify last confirmed (or, reconciling, from what it holds
 * now), then write them in batches with compare-and-set (write-stock-levels.ts).
 */
export function createSyncStockLevels(deps: SyncStockLevelsDeps) {
  const writeBatch = createWriteStockLevels(deps);

  /**
   * Every level Shopify holds at the mapped locations, in one bulk export; undefined (read page
   * by page, as before) when there is no export or the bulk slot is taken.
   */
  async function exportLevels(
    ctx: StepContext,
    options: SyncStockLevelsOptions,
  ): Promise<InventoryItemLookup | undefined> {
    if (!deps.levelsExport) return undefined;
    const items = await deps.levelsExport.exportLevels(
      new Set(options.locations.values()),
      ctx.signal,
    );
    if (items) {
      ctx.logger.info(
        { variants: items.size },
        'reconcile reads Shopify levels from a bulk export',
      );
      return items;
    }
    ctx.logger.warn(
      'reconcile: another bulk operation is running, so Shopify levels are read page by page',
    );
    return undefined;
  }

  return {
    async run(ctx: StepContext, options: SyncStockLevelsOptions): Promise<StockPlan> {
      // Shopify is exported before API X is read: a quantity seen before the read may be written
      // over, a move seen after it may be newer than API X's copy (read-stock-levels.ts,
      // overwriteTarget), so a reconcile corrects hand edits in the same run.
      const known =
        options.reconcile && !options.dryRun ? await exportLevels(ctx, options) : undefined;
      const feed = await readStockFeed(ctx, deps.source, options);
      let unchanged = 0;
      let changed = 0;
      let drift = 0;
      let waiting = 0;
      let heldBack = 0;
      let short = 0;
      let oldestUnsettled: string | null = null;
      // A part of the feed at a time, selected and written before the next is looked at: the
      // levels to write (with what Postgres remembers of each) are never all held at once.
      for (const part of feed.parts(SELECT_CHUNK)) {
        const changes = await selectStockChanges(ctx, deps.state, part, options);
        waiting += changes.waiting.length;
        unchanged += changes.unchanged;
        oldestUnsettled = oldestOf(oldestUnsettled, changes.waiting);
        if (options.dryRun) {
          changed += changes.pending.length;
          continue;
        }
        for (const batch of chunks(changes.pending, options.batchSize)) {
          checkpoint(ctx.signal);
          // A reconcile compares with what Shopify holds now, so it reads every level.
          const outcome = await writeBatch(ctx, batch, { trustMemory: !options.reconcile, known });
          changed += outcome.written;
          unchanged += outcome.alreadyThere;
          drift += outcome.drift;
          heldBack += outcome.held.length;
          short += outcome.short.length;
          for (const settlesLater of [outcome.retry, outcome.held, outcome.short])
            oldestUnsettled = oldestOf(oldestUnsettled, settlesLater);
        }
      }
      ctx.counter.add(STOCK, 'deferred', waiting + heldBack);
      ctx.counter.add(STOCK, 'short', short);
      if (heldBack + short > 0)
        ctx.logger.info(
          { heldBack, short },
          `${heldBack + short} stock level(s) held back short of API X's copy (${short} written short, ${heldBack} left as Shopify holds them): Shopify moved them after API X was read (a fulfilment?); the next run sets them`,
        );
      if (waiting > 0)
        ctx.logger.info(
          { waiting },
          `${waiting} stock level(s) wait for sync-to-shopify to create their variants`,
        );
      ctx.counter.add(STOCK, 'unchanged', unchanged);
      if (drift > 0)
        ctx.logger.warn(
          { drift },
          `${drift} level(s) in Shopify differed from what was last sent (edited by hand, or moved by a fulfilment); set back to API X's on hand, or held back to the next run when the change may be newer than API X's copy`,
        );
      return {
        read: feed.read,
        ignoredUnmappedWarehouse: feed.ignored,
        waitingForCatalogue: waiting,
        reconcile: options.reconcile,
        unchanged,
        changed,
        drift,
        heldBack,
        short,
        oldestUnsettled,
      };
    },
  };
}
