import type { SyncInventoryOptions } from '../app/pipeline/sync-inventory.js';
import type { SyncOrdersOptions } from '../app/pipeline/sync-orders.js';
import type { SyncToShopifyOptions } from '../app/pipeline/sync-to-shopify.js';
import type { Config } from '../config/config.js';

/** What one run asks for beyond the configuration (flags of the command, or the worker's). */
export interface RunRequest {
  readonly dryRun: boolean;
  readonly forceArchive: boolean;
}

/** The configuration, as the sync-to-shopify pipeline takes it. */
export function syncToShopifyOptions(config: Config, request: RunRequest): SyncToShopifyOptions {
  return {
    dryRun: request.dryRun,
    forceArchive: request.forceArchive,
    archiveStatus: config.catalog.archiveStatus,
    bulkThreshold: config.catalog.bulkThreshold,
    concurrency: config.shopify.concurrency,
    maxFailureRatio: config.catalog.maxFailureRatio,
    maxArchiveRatio: config.catalog.maxArchiveRatio,
    fullDeletionCheckHours: config.catalog.fullDeletionCheckHours,
    publishTo: config.shopify.publishTo,
    existingProducts: config.shopify.existingProducts,
    variantLimit: config.catalog.variantLimit,
  };
}

/** The configuration, as the sync-inventory pipeline takes it. */
export function syncInventoryOptions(config: Config, request: RunRequest): SyncInventoryOptions {
  return {
    dryRun: request.dryRun,
    locations: config.inventory.locations,
    reconcileHours: config.inventory.reconcileHours,
    batchSize: config.inventory.batchSize,
    overlapSeconds: config.inventory.overlapSeconds,
  };
}

/** The configuration, as the sync-orders pipeline takes it. */
export function syncOrdersOptions(config: Config, request: RunRequest): SyncOrdersOptions {
  return {
    dryRun: request.dryRun,
    overlapSeconds: config.orders.overlapSeconds,
    backfillDays: config.orders.backfillDays,
    skipTest: config.orders.skipTest,
    concurrency: config.orders.pushConcurrency,
    maxAttempts: config.orders.maxAttempts,
  };
}
