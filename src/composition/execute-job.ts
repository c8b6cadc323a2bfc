import type { JobRunResult, Pipeline } from '../app/jobs/run-job.js';
import type { SyncInventoryPlan } from '../app/pipeline/sync-inventory.js';
import type { SyncOrdersPlan } from '../app/pipeline/sync-orders.js';
import type { SyncToShopifyPlan } from '../app/pipeline/sync-to-shopify.js';
import { composeJobs, reportRunNotStarted, type Composed } from '../composition-root.js';
import type { Config } from '../config/config.js';
import type { JobName, RunTrigger } from '../domain/model/sync-run.js';
import type { Logger } from '../domain/ports/logger.js';
import type { ProgressSink } from '../domain/ports/progress.js';
import {
  syncInventoryOptions,
  syncOrdersOptions,
  syncToShopifyOptions,
  type RunRequest,
} from './job-options.js';

export interface JobRequest extends RunRequest {
  readonly job: JobName;
  readonly trigger: RunTrigger;
  /** A live view of long steps (a terminal bar); absent, progress goes to the log only. */
  readonly progress?: ProgressSink | undefined;
}

export type JobPlan =
  | { readonly job: 'sync-to-shopify'; readonly plan: SyncToShopifyPlan }
  | { readonly job: 'sync-orders'; readonly plan: SyncOrdersPlan }
  | { readonly job: 'sync-inventory'; readonly plan: SyncInventoryPlan };

export interface JobOutcome {
  readonly result: JobRunResult<JobPlan>;
  /** The one JSON line printed for scripts. */
  readonly summary: Record<string, unknown>;
  /** Set when the pipeline returned its plan (always for a dry run that got that far). */
  readonly plan: JobPlan | null;
}

/**
 * Runs a job once through the shared lifecycle (lock, run record, pipeline, metrics, release),
 * with everything built for this run and closed after it. The job command and the worker both
 * come through here, so a worker run is recorded and measured exactly like a CronJob run.
 */
export async function executeJob(
  request: JobRequest,
  config: Config,
  logger: Logger,
  signal: AbortSignal,
  describeError: (error: unknown) => string,
): Promise<JobOutcome> {
  const { job, dryRun } = request;
  const startedAt = new Date();
  let composed: Composed;
  try {
    composed = await composeJobs(config, logger, describeError, job);
  } catch (error) {
    if (!dryRun) await reportRunNotStarted(config, logger, job, startedAt);
    throw error;
  }
  try {
    const result = await composed.runner.run({
      job,
      shop: config.shopify.shop,
      trigger: request.trigger,
      holder: config.lock.identity,
      dryRun,
      signal,
      progress: request.progress,
      pipeline: pipelineOf(composed, config, request),
      usage: async () => ({
        shopify: composed.usage.shopify(),
        apixRequests: await composed.usage.apixRequests(),
        ...(job === 'sync-orders'
          ? {
              ordersBacklog: await composed.usage.ordersBacklog(),
              ordersOldestUndeliveredAgeSeconds: await composed.usage.ordersOldestUndeliveredAge(
                new Date(),
              ),
              ...(await heldShipments(composed)),
            }
          : {}),
        ...(job === 'sync-inventory'
          ? { stockRechecks: await composed.usage.stockRechecks(new Date()) }
          : {}),
      }),
    });
    const summary = {
      job,
      shop: config.shopify.shop,
      status: result.status,
      runId: result.runId,
      dryRun,
      counts: result.counts,
      recordErrors: result.recordErrors,
      ...(dryRun ? { plan: result.plan?.plan ?? null } : {}),
      shopifyCost: composed.usage.shopify().costPoints,
      ...(result.error ? { error: result.error } : {}),
      ...(result.heldBy ? { heldBy: result.heldBy } : {}),
    };
    return { result, summary, plan: result.plan };
  } finally {
    await composed.close();
  }
}

/** Held shipments for the run's metrics, when the shipments step runs. */
async function heldShipments(composed: Composed) {
  const held = await composed.usage.shipmentsHeld(new Date());
  return held ? { shipmentsHeld: held } : {};
}

/** The job's pipeline with its options from the configuration; it resolves to the job's plan. */
function pipelineOf(composed: Composed, config: Config, request: JobRequest): Pipeline<JobPlan> {
  switch (request.job) {
    case 'sync-to-shopify':
      return async (ctx) => ({
        job: 'sync-to-shopify',
        plan: await composed.syncToShopify(ctx, syncToShopifyOptions(config, request)),
      });
    case 'sync-inventory':
      return async (ctx) => ({
        job: 'sync-inventory',
        plan: await composed.syncInventory(ctx, syncInventoryOptions(config, request)),
      });
    case 'sync-orders':
      return async (ctx) => ({
        job: 'sync-orders',
        plan: await composed.syncOrders(ctx, syncOrdersOptions(config, request)),
      });
  }
}
