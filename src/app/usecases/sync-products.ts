import type { BulkChunks } from '../../domain/ports/bulk-chunks.js';
import type { CollectionMembership } from '../../domain/ports/collection-membership.js';
import type { ProductChanges } from '../../domain/ports/product-changes.js';
import type { ProductRecords } from '../../domain/ports/product-records.js';
import type { ProductStatus } from '../../domain/model/catalog-write.js';
import type { ShopSetup } from '../../domain/ports/shop-setup.js';
import type { ShopifyBulkImports } from '../../domain/ports/shopify-bulk-imports.js';
import type { ShopifyProducts } from '../../domain/ports/shopify-products.js';
import type { VariantMappings } from '../../domain/ports/variant-mappings.js';
import { archiveGoneProducts } from './archive-gone-products.js';
import { createCollectionsOnCreate } from './collections-on-create.js';
import type { createBulkOperations } from './bulk-operation.js';
import { createProductBulkWrite } from './product-bulk-write.js';
import { writeProductsByMutation } from './product-mutation-write.js';
import { stopOnFailures, stopOnMassArchive } from './product-safety-stops.js';
import { createProductVariantIds } from './product-variant-ids.js';
import {
  createProductWriteOutcome,
  newTally,
  reportWaiting,
  type Publishing,
} from './product-write-outcome.js';
import { createProgress } from './progress.js';
import type { StepContext } from './step-context.js';
import { createVariantBudget, type VariantLimit } from './variant-budget.js';

export interface SyncProductsDeps {
  readonly shopify: ShopifyProducts &
    Pick<ShopifyBulkImports, 'startBulkProductUpsert' | 'bulkProductResults'> &
    Pick<ShopSetup, 'shopVariants'>;
  readonly state: ProductChanges &
    BulkChunks &
    ProductRecords &
    VariantMappings &
    Pick<CollectionMembership, 'collectionsToJoin'>;
  readonly bulk: ReturnType<typeof createBulkOperations>;
}

export interface SyncProductsOptions {
  readonly dryRun: boolean;
  readonly forceArchive: boolean;
  readonly archiveStatus: Exclude<ProductStatus, 'ACTIVE'>;
  readonly bulkThreshold: number;
  readonly concurrency: number;
  readonly maxFailureRatio: number;
  readonly maxArchiveRatio: number;
  /** Publications a new or re-activated product is published to (none: opted out). */
  readonly publicationIds: readonly string[];
  /**
   * Products an earlier run sent in a bulk file without recording the result: the bulk path
   * looks these up in Shopify before sending them as new (see withVariantIds).
   */
  readonly sentUnrecorded?: ReadonlySet<string>;
  /**
   * New products adopted this run (existing-products.ts): Shopify holds them, with our custom
   * ids just written, so their variant GIDs are read from Shopify before they are written.
   */
  readonly adopted?: ReadonlySet<string>;
  /** Shopify's daily new-variant limit; absent: not planned for (refusals still wait). */
  readonly variantLimit?: VariantLimit;
}

export interface ProductPlan {
  readonly staged: number;
  readonly write: number;
  readonly unchanged: number;
  readonly archive: number;
  readonly path: 'none' | 'mutations' | 'bulk';
}

/**
 * Writes the products staged as changed (regular mutations, or one bulk import when there are
 * many), then archives products API X no longer serves. Safety stops come before any write.
 */
export function createSyncProducts(deps: SyncProductsDeps) {
  const holdBackOverBudget = createVariantBudget(deps);
  const outcome = createProductWriteOutcome(deps);
  const variantIds = createProductVariantIds(deps);
  const withCollectionsToJoin = createCollectionsOnCreate(deps);
  const writeDeps = { ...deps, outcome, variantIds, withCollectionsToJoin };
  const bulkWrite = createProductBulkWrite(writeDeps);

  return {
    applyBulkResults: bulkWrite.applyBulkResults,

    async run(ctx: StepContext, options: SyncProductsOptions): Promise<ProductPlan> {
      let counts = await deps.state.countStaged();
      // Creations beyond what Shopify's daily limit allows are held back before any is sent
      // (a dry run shows every change it would try).
      let overBudget = 0;
      if (!options.dryRun && counts.changed > 0 && options.variantLimit) {
        overBudget = await holdBackOverBudget(ctx, options.variantLimit, options.adopted);
        if (overBudget > 0) counts = await deps.state.countStaged();
      }
      const path: ProductPlan['path'] =
        counts.changed === 0
          ? 'none'
          : counts.changed >= options.bulkThreshold
            ? 'bulk'
            : 'mutations';
      const plan: ProductPlan = {
        staged: counts.staged,
        write: counts.changed,
        unchanged: counts.staged - counts.changed,
        archive: counts.gone,
        path,
      };
      ctx.counter.add('product', 'unchanged', plan.unchanged);

      stopOnMassArchive(counts, options);
      if (options.dryRun) return plan;

      const publishing: Publishing = {
        publicationIds: options.publicationIds,
        concurrency: options.concurrency,
        ...(options.adopted ? { adopted: options.adopted } : {}),
      };
      const progress = createProgress(ctx, 'writing products to Shopify', counts.changed);
      const tally = newTally();
      tally.waiting = overBudget;
      const writeRun = {
        publishing,
        tally,
        progress,
        checkFailures: () => stopOnFailures(ctx, tally, options.maxFailureRatio),
        holdBackCreations: async (afterExternalId: string | null) => {
          tally.waiting += await holdBackOverBudget(ctx, 0, options.adopted, afterExternalId);
        },
      };
      if (path === 'bulk') await bulkWrite.write(ctx, options, writeRun);
      else if (path === 'mutations')
        await writeProductsByMutation(ctx, writeDeps, options, writeRun);
      progress.done();
      reportWaiting(ctx, tally);

      // Writing only adds staged products to the mappings, so none is gone that was not counted
      // above: a run with nothing gone skips the listing (a scan of the mappings, #19's tail).
      if (counts.gone > 0) await archiveGoneProducts(ctx, deps, options);
      return plan;
    },
  };
}
