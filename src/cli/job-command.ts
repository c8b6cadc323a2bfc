import { createTerminalProgress } from '../adapters/logging/terminal-progress.js';
import { createOperatorCatalog } from '../adapters/postgres/operator-catalog.js';
import type { JobRunResult } from '../app/jobs/run-job.js';
import type { SyncInventoryPlan } from '../app/pipeline/sync-inventory.js';
import type { SyncToShopifyPlan } from '../app/pipeline/sync-to-shopify.js';
import { composeJobs, reportRunNotStarted, withOperatorPool } from '../composition-root.js';
import type { Config } from '../config/config.js';
import type { JobName, RunTrigger } from '../domain/model/sync-run.js';
import type { Logger } from '../domain/ports/logger.js';
import type { ProgressSink } from '../domain/ports/progress.js';
import type { ParsedCommandLine } from './command-line.js';
import { EXIT } from './exit-codes.js';
import { kubernetesTrigger } from './run-trigger.js';
import { formatSyncOrdersPlan, formatSyncToShopifyPlan, type SyncOrdersPlan } from './plan-text.js';
import type { CommandIo } from './run-command.js';

const TRIGGERS: readonly RunTrigger[] = ['schedule', 'manual', 'worker', 'demo'];

export interface JobRequest {
  readonly job: JobName;
  readonly trigger: RunTrigger;
  readonly dryRun: boolean;
  readonly forceArchive: boolean;
  /** A live view of long steps (a terminal bar); absent, progress goes to the log only. */
  readonly progress?: ProgressSink | undefined;
}

export type JobPlan =
  | { readonly job: 'sync-to-shopify'; readonly plan: SyncToShopifyPlan }
  | { readonly job: 'sync-orders'; readonly plan: SyncOrdersPlan }
  | { readonly job: 'sync-inventory'; readonly plan: SyncInventoryPlan };

export interface JobOutcome {
  readonly result: JobRunResult;
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
  let composed: Awaited<ReturnType<typeof composeJobs>>;
  try {
    composed = await composeJobs(config, logger, describeError);
  } catch (error) {
    if (!dryRun) await reportRunNotStarted(config, logger, job, startedAt);
    throw error;
  }
  try {
    let plan: JobPlan | null = null;
    const result = await composed.runner.run({
      job,
      shop: config.shopify.shop,
      trigger: request.trigger,
      holder: config.lock.identity,
      dryRun,
      signal,
      progress: request.progress,
      pipeline: async (ctx) => {
        plan =
          job === 'sync-to-shopify'
            ? {
                job,
                plan: await composed.syncToShopify(ctx, {
                  dryRun,
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
                }),
              }
            : job === 'sync-inventory'
              ? {
                  job,
                  plan: await composed.syncInventory(ctx, {
                    dryRun,
                    locations: config.inventory.locations,
                    reconcileHours: config.inventory.reconcileHours,
                    batchSize: config.inventory.batchSize,
                    overlapSeconds: config.inventory.overlapSeconds,
                  }),
                }
              : {
                  job,
                  plan: await composed.syncOrders(ctx, {
                    dryRun,
                    overlapSeconds: config.orders.overlapSeconds,
                    backfillDays: config.orders.backfillDays,
                    skipTest: config.orders.skipTest,
                    concurrency: config.orders.pushConcurrency,
                    maxAttempts: config.orders.maxAttempts,
                  }),
                };
      },
      usage: async () => ({
        shopify: composed.usage.shopify(),
        apixRequests: composed.usage.apixRequests(),
        ...(job === 'sync-orders'
          ? {
              ordersBacklog: await composed.usage.ordersBacklog(),
              ordersOldestUndeliveredAgeSeconds: await composed.usage.ordersOldestUndeliveredAge(
                new Date(),
              ),
            }
          : {}),
      }),
    });
    const finalPlan = plan as JobPlan | null;
    const summary = {
      job,
      shop: config.shopify.shop,
      status: result.status,
      runId: result.runId,
      dryRun,
      counts: result.counts,
      recordErrors: result.recordErrors,
      ...(dryRun ? { plan: finalPlan?.plan ?? null } : {}),
      shopifyCost: composed.usage.shopify().costPoints,
      ...(result.error ? { error: result.error } : {}),
      ...(result.heldBy ? { heldBy: result.heldBy } : {}),
    };
    return { result, summary, plan: finalPlan };
  } finally {
    await composed.close();
  }
}

/** The exit code of a finished run (see README, Exit codes). */
export function exitCodeOf(result: JobRunResult, signal: AbortSignal): number {
  if (result.status === 'succeeded' || result.status === 'skipped') return EXIT.ok;
  if (result.status === 'interrupted')
    return signal.reason instanceof Error && signal.reason.message === 'SIGINT'
      ? EXIT.sigint
      : EXIT.sigterm;
  return EXIT.failed;
}

/** Runs sync-to-shopify or sync-orders once; prints the plan for a person on a terminal and one JSON summary line. */
export async function runJobCommand(
  job: JobName,
  parsed: Extract<ParsedCommandLine, { kind: 'run' }>,
  config: Config,
  logger: Logger,
  io: CommandIo,
  describeError: (error: unknown) => string,
): Promise<number> {
  const triggerFlag = parsed.flags['trigger'];
  const trigger = (
    typeof triggerFlag === 'string'
      ? triggerFlag
      : config.inKubernetes
        ? kubernetesTrigger(
            config.kubernetesJob.jobName,
            config.kubernetesJob.cronJobName,
            new Date(),
          )
        : 'manual'
  ) as RunTrigger;
  if (!TRIGGERS.includes(trigger)) {
    io.stderr.write(`integration-service: --trigger must be one of ${TRIGGERS.join(', ')}\n`);
    return EXIT.usage;
  }
  const dryRun = parsed.flags['dry-run'] === true;
  const progress = io.progressOnStderr === true ? createTerminalProgress(io.stderr) : undefined;
  const outcome = await executeJob(
    { job, trigger, dryRun, forceArchive: parsed.flags['force-archive'] === true, progress },
    config,
    logger,
    io.signal,
    describeError,
  );
  // The cause is in the summary and the log; a person at a terminal (or kubectl logs) also gets it here.
  if (outcome.result.error && outcome.result.status === 'failed')
    io.stderr.write(`integration-service: ${job} failed: ${outcome.result.error}\n`);
  if (dryRun && io.interactive === true && outcome.plan)
    io.stdout.write((await planText(outcome.plan, config, logger)) + '\n\n');
  io.stdout.write(JSON.stringify(outcome.summary) + '\n');
  return exitCodeOf(outcome.result, io.signal);
}

async function planText(plan: JobPlan, config: Config, logger: Logger): Promise<string> {
  const shop = config.shopify.shop;
  if (plan.job === 'sync-orders') return formatSyncOrdersPlan(shop, plan.plan);
  if (plan.job === 'sync-inventory') return JSON.stringify(plan.plan, null, 2);
  let split: { create: number; update: number } | null = null;
  try {
    split = await withOperatorPool(config, logger, (pool) =>
      createOperatorCatalog(pool).stagedWrites(shop),
    );
  } catch (error) {
    logger.debug(
      { err: (error as Error).message },
      'could not split the planned product writes into creates and updates',
    );
  }
  return formatSyncToShopifyPlan(shop, plan.plan, split);
}
