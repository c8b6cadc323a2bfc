import { createOperatorStatus } from '../adapters/postgres/operator-status.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../domain/ports/logger.js';
import type { ErrorsArgs } from './commands.js';
import { withOperatorPool } from '../composition-root.js';
import { EXIT } from './exit-codes.js';
import { operatorShop, positiveIntFlag } from './operator-shop.js';
import type { CommandIo } from './command-spec.js';
import { clip, formatTable } from './text-table.js';

/** `errors [--run RUN_ID] [--limit N]`: the per-record errors of one run, newest first. */
export async function runErrorsCommand(
  parsed: ErrorsArgs,
  config: Config,
  logger: Logger,
  io: CommandIo,
): Promise<number> {
  const limit = positiveIntFlag(parsed, 'limit', 50);
  const runFlag = parsed.flags['run'];
  if (typeof limit === 'string' || (typeof runFlag === 'string' && !/^\d{1,18}$/.test(runFlag))) {
    io.stderr.write(
      `integration-service: ${typeof limit === 'string' ? limit : `--run must be a run id (a number, see status), got '${String(runFlag)}'`}\n`,
    );
    return EXIT.usage;
  }
  const shop = operatorShop(parsed, config);
  return withOperatorPool(config, logger, async (pool) => {
    const q = createOperatorStatus(pool);
    const run = typeof runFlag === 'string' ? await q.run(runFlag) : await q.latestRun(shop);
    if (!run) {
      io.stderr.write(
        `integration-service: ${typeof runFlag === 'string' ? `no run ${runFlag}` : `no runs yet${shop ? ` for ${shop}` : ''}`}\n`,
      );
      return EXIT.failed;
    }
    const errors = await q.recordErrors({ runId: run.id, shop: null, limit });
    if (parsed.flags['json'] === true) {
      io.stdout.write(JSON.stringify({ run, errors }) + '\n');
      return EXIT.ok;
    }
    const head = `run ${run.id}: ${run.job} for ${run.shop}, ${run.status}, started ${run.startedAt}; ${run.recordErrors} per-record error(s)`;
    const shown =
      errors.length < run.recordErrors ? ` (newest ${errors.length} shown; --limit for more)` : '';
    const table =
      errors.length === 0
        ? '  none'
        : formatTable(
            ['entity', 'external id', 'field', 'reason', 'at'],
            errors.map((e) => [e.entity, e.externalId, e.field ?? '', clip(e.reason, 2000), e.at]),
          );
    io.stdout.write(`${head}${shown}\n${table}\n`);
    return EXIT.ok;
  });
}
