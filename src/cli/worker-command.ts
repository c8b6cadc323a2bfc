import type { Config } from '../config/config.js';
import type { Logger } from '../domain/ports/logger.js';
import type { WorkerArgs } from './commands.js';
import { EXIT } from './exit-codes.js';
import { runWorker } from '../composition/run-worker.js';
import type { CommandIo } from './command-spec.js';

/**
 * `worker`: the jobs on their cron schedules in one process (wired by `composition/run-worker.ts`),
 * printing the same JSON summary line per run as the job commands. SIGTERM aborts the running
 * jobs at their next record (recorded as interrupted) and the worker ends.
 */
export async function runWorkerCommand(
  parsed: WorkerArgs,
  config: Config,
  logger: Logger,
  io: CommandIo,
  describeError: (error: unknown) => string,
): Promise<number> {
  await runWorker(
    {
      runAtStart: parsed.flags['run-at-start'] === true,
      onSummary: (summary) => io.stdout.write(JSON.stringify(summary) + '\n'),
    },
    config,
    logger,
    io.signal,
    describeError,
  );
  logger.info({}, 'worker stopped');
  return EXIT.ok;
}
