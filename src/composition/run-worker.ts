import { createWorker, type WorkerJob } from '../app/worker/worker.js';
import { assertDatabaseReady } from '../composition-root.js';
import type { Config } from '../config/config.js';
import { parseCron } from '../domain/cron-schedule.js';
import type { JobName } from '../domain/model/sync-run.js';
import type { Logger } from '../domain/ports/logger.js';
import { abortableSleep } from '../infra/abortable-sleep.js';
import { executeJob } from './execute-job.js';

export interface WorkerRequest {
  readonly runAtStart: boolean;
  /** Each run's one JSON summary line, as the job commands print it. */
  readonly onSummary: (summary: Record<string, unknown>) => void;
}

/**
 * The worker wired: the configured jobs on their cron schedules, each run through `executeJob`
 * (trigger 'worker'), waiting with the service's one sleep. Resolves once `signal` aborted and
 * the running jobs ended.
 */
export async function runWorker(
  request: WorkerRequest,
  config: Config,
  logger: Logger,
  signal: AbortSignal,
  describeError: (error: unknown) => string,
): Promise<void> {
  // A worker that starts on an old schema would fail every slot, quietly, for as long as it runs:
  // refuse to start instead (exit 1 with the migrate up hint), as the job commands do.
  await assertDatabaseReady(config, logger);
  const schedules: [JobName, string | null][] = [
    ['sync-to-shopify', config.worker.syncToShopifyCron],
    ['sync-orders', config.worker.syncOrdersCron],
    ['sync-inventory', config.worker.syncInventoryCron],
  ];
  const jobs: WorkerJob[] = schedules.flatMap(([job, expression]) => {
    if (expression === null) return [];
    const parsedCron = parseCron(expression);
    // loadConfig validated the expressions already.
    if (!parsedCron.ok) throw new Error(`invalid schedule for ${job}: ${parsedCron.reason}`);
    return [
      {
        job,
        schedule: parsedCron.value,
        async run(runSignal: AbortSignal) {
          try {
            const outcome = await executeJob(
              { job, trigger: 'worker', dryRun: false, forceArchive: false },
              config,
              logger,
              runSignal,
              describeError,
            );
            request.onSummary(outcome.summary);
          } catch (error) {
            // Composition failed (database down, migrations missing): this slot fails, the next one retries.
            logger.error(
              { job, err: describeError(error) },
              `${job} could not start: ${describeError(error)}`,
            );
          }
        },
      },
    ];
  });
  await createWorker({ jobs, logger, sleep: abortableSleep }).run(signal, {
    runAtStart: request.runAtStart,
  });
}
