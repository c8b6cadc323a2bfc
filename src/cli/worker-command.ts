import { parseCron } from '../domain/cron-schedule.js';
import { createWorker, type WorkerJob } from '../app/worker/worker.js';
import type { Config } from '../config/config.js';
import type { JobName } from '../domain/model/sync-run.js';
import type { Logger } from '../domain/ports/logger.js';
import type { WorkerArgs } from './commands.js';
import { assertSchemaReady, openDatabase } from '../adapters/postgres/database.js';
import { EXIT } from './exit-codes.js';
import { executeJob } from '../composition/execute-job.js';
import type { CommandIo } from './command-spec.js';

/**
 * `worker`: both jobs on their cron schedules in one process, each run through `executeJob`
 * (trigger 'worker'), printing the same JSON summary line per run as the job commands. SIGTERM
 * aborts the running jobs at their next record (recorded as interrupted) and the worker ends.
 */
export async function runWorkerCommand(
  parsed: WorkerArgs,
  config: Config,
  logger: Logger,
  io: CommandIo,
  describeError: (error: unknown) => string,
): Promise<number> {
  // A worker that starts on an old schema would fail every slot, quietly, for as long as it runs:
  // refuse to start instead (exit 1 with the migrate up hint), as the job commands do.
  const db = await openDatabase(config.database, logger);
  try {
    await assertSchemaReady(db.url);
  } finally {
    await db.close();
  }
  const schedules: [JobName, string][] = [
    ['sync-to-shopify', config.worker.syncToShopifyCron],
    ['sync-orders', config.worker.syncOrdersCron],
    ...(config.worker.syncInventoryCron === null
      ? []
      : ([['sync-inventory', config.worker.syncInventoryCron]] as [JobName, string][])),
  ];
  const jobs: WorkerJob[] = schedules.map(([job, expression]) => {
    const parsedCron = parseCron(expression);
    // loadConfig validated both expressions already.
    if (!parsedCron.ok) throw new Error(`invalid schedule for ${job}: ${parsedCron.reason}`);
    return {
      job,
      schedule: parsedCron.value,
      async run(signal) {
        try {
          const outcome = await executeJob(
            { job, trigger: 'worker', dryRun: false, forceArchive: false },
            config,
            logger,
            signal,
            describeError,
          );
          io.stdout.write(JSON.stringify(outcome.summary) + '\n');
        } catch (error) {
          // Composition failed (database down, migrations missing): this slot fails, the next one retries.
          logger.error(
            { job, err: describeError(error) },
            `${job} could not start: ${describeError(error)}`,
          );
        }
      },
    };
  });
  await createWorker({ jobs, logger }).run(io.signal, {
    runAtStart: parsed.flags['run-at-start'] === true,
  });
  logger.info({}, 'worker stopped');
  return EXIT.ok;
}
