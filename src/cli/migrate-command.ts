import { migrate, migrationStatus, type MigrationStatus } from '../adapters/postgres/migrate.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../domain/ports/logger.js';
import type { MigrateArgs } from './commands.js';
import { connectError } from '../adapters/postgres/database.js';
import { withDatabase } from '../composition-root.js';
import { EXIT } from './exit-codes.js';
import type { CommandIo } from './command-spec.js';

/** The migrations `down --count N` undoes: the last N applied, newest first. Pure. */
export function migrationsToUndo(status: readonly MigrationStatus[], count: number): string[] {
  return status
    .filter((m) => m.appliedAt !== null)
    .map((m) => m.name)
    .reverse()
    .slice(0, count);
}

/**
 * `migrate up | down [--count N|--all] | status`. `up` and `down` write, so both have --dry-run;
 * `down` drops tables and their data, so it also needs --yes.
 */
export async function runMigrateCommand(
  parsed: MigrateArgs,
  config: Config,
  logger: Logger,
  io: CommandIo,
): Promise<number> {
  const action = parsed.positionals[0];
  if (action !== 'up' && action !== 'down' && action !== 'status') {
    io.stderr.write(
      `integration-service: migrate takes up, down or status (got '${action ?? ''}')\n`,
    );
    return EXIT.usage;
  }
  const countFlag = parsed.flags['count'];
  let count = 1;
  if (parsed.flags['all'] === true) count = Infinity;
  else if (typeof countFlag === 'string') {
    count = Number(countFlag);
    if (!Number.isInteger(count) || count < 1) {
      io.stderr.write(
        `integration-service: --count must be a whole number >= 1 (got '${countFlag}')\n`,
      );
      return EXIT.usage;
    }
  }
  const dryRun = parsed.flags['dry-run'] === true;
  return withDatabase(config, logger, (url) =>
    migrateOn(url, action, { count, dryRun, yes: parsed.flags['yes'] === true }, logger, io),
  );
}

async function migrateOn(
  url: string,
  action: 'up' | 'down' | 'status',
  options: { count: number; dryRun: boolean; yes: boolean },
  logger: Logger,
  io: CommandIo,
): Promise<number> {
  const { count, dryRun } = options;
  // Connecting is where an operator's mistakes show (wrong URL, a database not created yet).
  const explained = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw connectError(error, url) ?? error;
    }
  };
  const status = await explained(() => migrationStatus(url));
  if (action === 'status') {
    for (const m of status)
      io.stdout.write(
        `${m.appliedAt ? 'applied ' + m.appliedAt : 'pending                          '}  ${m.name}\n`,
      );
    const pending = status.filter((m) => !m.appliedAt).length;
    io.stdout.write(
      pending
        ? `${pending} pending: run 'integration-service migrate up'\n`
        : 'database schema is up to date\n',
    );
    return EXIT.ok;
  }
  const chosen =
    action === 'up'
      ? status.filter((m) => m.appliedAt === null).map((m) => m.name)
      : migrationsToUndo(status, count);
  if (chosen.length === 0) {
    io.stdout.write(
      action === 'up'
        ? 'nothing to do: database schema is up to date\n'
        : 'nothing to do: no migration is applied\n',
    );
    return EXIT.ok;
  }
  if (dryRun) {
    io.stdout.write(
      `dry run: would ${action === 'up' ? 'apply' : 'undo'} ${chosen.join(', ')}; nothing changed\n`,
    );
    return EXIT.ok;
  }
  if (action === 'down' && !options.yes) {
    io.stderr.write(
      `integration-service: migrate down would undo ${chosen.join(', ')}, dropping their tables and the data in them.\n` +
        `Nothing was changed. Run it again with --yes to do it (--dry-run shows the list only).\n`,
    );
    return EXIT.usage;
  }
  if (action === 'down')
    logger.warn({ migrations: chosen }, `undoing ${chosen.length} migration(s)`);
  const ran = await explained(() =>
    migrate({
      databaseUrl: url,
      direction: action,
      count: action === 'up' ? Infinity : count,
      logger: { info: (m) => logger.debug({ migration: true }, m) },
    }),
  );
  io.stdout.write(
    ran.length
      ? `${action === 'up' ? 'applied' : 'undone'}: ${ran.join(', ')}\n`
      : 'nothing to do: database schema is up to date\n',
  );
  return EXIT.ok;
}
