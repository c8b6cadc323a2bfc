import type { InventoryState } from '../../domain/ports/inventory-state.js';
import type { ShopifyInventory } from '../../domain/ports/shopify-inventory.js';
import type { ShopifyLevelsExport } from '../../domain/ports/shopify-levels-export.js';
import type { StockRechecks } from '../../domain/ports/stock-rechecks.js';
import type { StockSource } from '../../domain/ports/stock-source.js';
import type { LocationMapEntry } from '../../domain/model/location-map.js';
import { resolveLocations } from '../usecases/location-mapping.js';
import type { StepContext } from '../usecases/step-context.js';
import { createSyncStockLevels, type StockPlan } from '../usecases/sync-stock-levels.js';

export interface SyncInventoryDeps {
  readonly source: StockSource;
  readonly shopify: ShopifyInventory;
  readonly state: InventoryState;
  /** The reconcile's bulk read (sync-stock-levels.ts); absent: page by page. */
  readonly levelsExport?: ShopifyLevelsExport | undefined;
  /** Levels a fulfilment moved since they were confirmed (marked by sync-orders). */
  readonly rechecks: StockRechecks;
  readonly now?: () => Date;
}

export interface SyncInventoryOptions {
  readonly dryRun: boolean;
  readonly locations: readonly LocationMapEntry[];
  readonly reconcileHours: number;
  readonly batchSize: number;
  readonly overlapSeconds: number;
}

export interface SyncInventoryPlan extends StockPlan {
  /** Warehouse id -> location GID, as validated against the shop. */
  readonly locations: Readonly<Record<string, string>>;
  readonly updatedSince: string | null;
}

/**
 * The every-few-minutes job: check the location mapping against the shop, read API X's stock
 * changed since the last read (all of it when a reconcile is due: daily by default, or on the
 * first run) and the levels a fulfilment of sync-orders moved since (rechecks), write the
 * changed levels, then move the read mark (never past a level that waits).
 */
export function createSyncInventoryPipeline(deps: SyncInventoryDeps) {
  const levels = createSyncStockLevels(deps);
  const now = deps.now ?? (() => new Date());
  return async function run(
    ctx: StepContext,
    options: SyncInventoryOptions,
  ): Promise<SyncInventoryPlan> {
    const locations = resolveLocations(options.locations, await deps.shopify.locations(ctx.signal));
    const startedAt = now();
    const since = await deps.state.mark('read-since');
    const reconciledAt = await deps.state.mark('reconciled-at');
    const reconcile =
      since === null ||
      reconciledAt === null ||
      startedAt.getTime() - Date.parse(reconciledAt) >= options.reconcileHours * 3_600_000;
    const updatedSince = reconcile ? null : since;
    const plan = await levels.run(ctx, {
      dryRun: options.dryRun,
      locations,
      updatedSince,
      reconcile,
      batchSize: options.batchSize,
    });
    if (!options.dryRun) {
      const readFrom = new Date(startedAt.getTime() - options.overlapSeconds * 1000).toISOString();
      const next =
        plan.oldestUnsettled !== null && Date.parse(plan.oldestUnsettled) < Date.parse(readFrom)
          ? plan.oldestUnsettled
          : readFrom;
      await deps.state.saveMark('read-since', next);
      if (reconcile) await deps.state.saveMark('reconciled-at', startedAt.toISOString());
    }
    return { ...plan, locations: Object.fromEntries(locations), updatedSince };
  };
}
