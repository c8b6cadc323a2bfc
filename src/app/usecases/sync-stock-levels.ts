import { chunks } from '../../domain/chunks.js';
import { sentKey, type InventoryState } from '../../domain/ports/inventory-state.js';
import type {
  InventoryItemLookup,
  ShopifyInventory,
} from '../../domain/ports/shopify-inventory.js';
import type { ShopifyLevelsExport } from '../../domain/ports/shopify-levels-export.js';
import type { StockRechecks } from '../../domain/ports/stock-rechecks.js';
import type { StockSource } from '../../domain/ports/stock-source.js';
import { selectStockChanges } from './select-stock-changes.js';
import { checkpoint, type StepContext } from './step-context.js';
import { readStockFeed, STOCK } from './stock-feed.js';
import { unreportedLevels } from './unreported-levels.js';
import { createWriteStockLevels } from './write-stock-levels.js';

export interface SyncStockLevelsDeps {
  readonly source: StockSource;
  readonly shopify: ShopifyInventory;
  readonly state: InventoryState;
  /** The reconcile's read in one bulk export; without it, the reconcile reads page by page. */
  readonly levelsExport?: ShopifyLevelsExport | undefined;
  /** Levels a fulfilment made or cancelled by sync-orders moved since they were confirmed. */
  readonly rechecks: StockRechecks;
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
   * Levels sent before that a full read of API X no longer serves (unreported-levels.ts): left as
   * Shopify holds them, counted `stock.unreported` and named in a warning. 0 after an
   * incremental read, which cannot tell.
   */
  readonly unreported: number;
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
      // The marks first: one made after this (a fulfilment during the run) stays for the next run.
      // A dry run reads them too (they count as levels to write) and clears none.
      const rechecks = await deps.rechecks.due();
      const marked = new Set(rechecks.map((r) => sentKey(r.variantExternalId, r.warehouseId)));
      // Shopify is exported before API X is read: a quantity seen before the read may be written
      // over, a move seen after it may be newer than API X's copy (read-stock-levels.ts,
      // overwriteTarget), so a reconcile corrects hand edits in the same run.
      const exported =
        options.reconcile && !options.dryRun ? await exportLevels(ctx, options) : undefined;
      // Levels to recheck are read in Shopify before API X too. The fulfilment that moved one
      // came before this read of API X (API X lowers its on hand when it ships, before we
      // fulfil), so API X's copy has it and may be written over what Shopify holds: Shopify's
      // second subtraction is undone, and a later move still fails the compare-and-set.
      const known =
        exported ??
        (rechecks.length > 0 && !options.dryRun
          ? await deps.shopify.items([...new Set(rechecks.map((r) => r.variantId))], ctx.signal)
          : undefined);
      const feed = await readStockFeed(ctx, deps.source, { ...options, rechecks });
      // Marks kept for the next run: their levels' writes kept failing (retry).
      const stillMarked = new Set<string>();
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
        const changes = await selectStockChanges(ctx, deps.state, part, {
          ...options,
          rechecks: marked,
        });
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
          const outcome = await writeBatch(ctx, batch, {
            trustMemory: !options.reconcile,
            known,
            rechecks: marked,
          });
          changed += outcome.written;
          unchanged += outcome.alreadyThere;
          drift += outcome.drift;
          heldBack += outcome.held.length;
          short += outcome.short.length;
          for (const settlesLater of [outcome.retry, outcome.held, outcome.short])
            oldestUnsettled = oldestOf(oldestUnsettled, settlesLater);
          for (const l of outcome.retry)
            stillMarked.add(sentKey(l.variantExternalId, l.warehouseId));
        }
      }
      const unreported =
        options.updatedSince === null
          ? await unreportedLevels(deps.state, feed, options.locations, ctx.signal)
          : { count: 0, named: [] };
      ctx.counter.add(STOCK, 'unreported', unreported.count);
      if (unreported.count > 0)
        ctx.logger.warn(
          { unreported: unreported.count, levels: unreported.named },
          `${unreported.count} stock level(s) sent to Shopify before are missing from API X's full read (${unreported.named.join(', ')}${unreported.count > unreported.named.length ? ', ...' : ''}): Shopify keeps selling what it holds, since API X says a missing record is not 0. If the stock is gone, have API X serve the level with onHand 0`,
        );
      // Checked against Shopify as it was after the fulfilment: written, found right, or left to
      // the read mark (held, short). A level whose write kept failing keeps its mark.
      if (!options.dryRun)
        await deps.rechecks.settle(
          rechecks.filter((r) => !stillMarked.has(sentKey(r.variantExternalId, r.warehouseId))),
        );
      if (rechecks.length > 0)
        ctx.logger.info(
          { rechecks: rechecks.length, left: stillMarked.size },
          `${rechecks.length} stock level(s) checked again after fulfilments sync-orders made or cancelled`,
        );
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
        unreported: unreported.count,
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
