import { createTerminalProgress } from '../adapters/logging/terminal-progress.js';
import type { JobRunResult } from '../app/jobs/run-job.js';
import { executeJob, type JobPlan } from '../composition/execute-job.js';
import type { Config } from '../config/config.js';
import type { JobName, RunTrigger } from '../domain/model/sync-run.js';
import type { Logger } from '../domain/ports/logger.js';
import type { JobArgs } from './commands.js';
import { EXIT } from './exit-codes.js';
import { kubernetesTrigger } from './run-trigger.js';
import { formatSyncOrdersPlan, formatSyncToShopifyPlan } from './plan-text.js';
import type { CommandIo } from './command-spec.js';

const TRIGGERS: readonly RunTrigger[] = ['schedule', 'manual', 'worker', 'demo'];

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
  parsed: JobArgs,
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
    io.stdout.write(planText(outcome.plan, config.shopify.shop) + '\n\n');
  io.stdout.write(JSON.stringify(outcome.summary) + '\n');
  return exitCodeOf(outcome.result, io.signal);
}

function planText(plan: JobPlan, shop: string): string {
  if (plan.job === 'sync-orders') return formatSyncOrdersPlan(shop, plan.plan);
  if (plan.job === 'sync-inventory') return JSON.stringify(plan.plan, null, 2);
  return formatSyncToShopifyPlan(shop, plan.plan);
}
