/**
 * The kinds of command in the table (commands.ts): job commands and commands on the database,
 * built by helpers so each entry states only what differs (its help, flags and runner).
 */
import type { Config } from '../config/config.js';
import type { JobName } from '../domain/model/sync-run.js';
import type { Logger } from '../domain/ports/logger.js';
import {
  defineCommand,
  type CommandArgs,
  type CommandEnv,
  type CommandIo,
  type CommandSpec,
  type ConfiguredCommand,
  type FlagSpecs,
} from './command-spec.js';

export const common = {
  help: { takesValue: false, help: 'show this help' },
} as const;

/** A job's --dry-run (its help says what that job would show) and --trigger. */
export function jobFlags(dryRunHelp: string, triggerHelp = 'recorded with the run') {
  return {
    ...common,
    'dry-run': { takesValue: false, help: dryRunHelp },
    trigger: { takesValue: true, help: triggerHelp },
  } as const satisfies FlagSpecs;
}

/** The flags a job command may have: a job's, and force-archive (sync-to-shopify's). */
type JobFlags = ReturnType<typeof jobFlags> & {
  readonly 'force-archive'?: { readonly takesValue: false; readonly help: string };
};

/** What a job command reads; every job command's flags fit it (sync-to-shopify's add force-archive). */
export interface JobArgs {
  readonly flags: {
    readonly 'dry-run'?: true;
    readonly trigger?: string;
    readonly 'force-archive'?: true;
  };
  readonly positionals: readonly string[];
}

/** Runs a job command; the job is the command's name (checked as a JobName). */
async function runJob(
  job: JobName,
  args: JobArgs,
  io: CommandIo,
  env: CommandEnv,
): Promise<number> {
  const { runJobCommand } = await import('./job-command.js');
  return runJobCommand(job, args, env.config, env.logger, io, env.describeError);
}

type CommandText = Pick<ConfiguredCommand, 'summary' | 'usage' | 'details'>;

/** A job command: no positionals, the job configuration, run as the job of its name. */
export function jobCommand(job: JobName, flags: JobFlags, text: CommandText): CommandSpec {
  return defineCommand({
    name: job,
    ...text,
    flags,
    positionals: { min: 0, max: 0 },
    config: 'jobs',
    run: (args: JobArgs, io, env) => runJob(job, args, io, env),
  });
}

type DatabaseRunner<F extends FlagSpecs> = (
  args: CommandArgs<F>,
  config: Config,
  logger: Logger,
  io: CommandIo,
) => Promise<number>;

/** A command on the database configuration; `load` brings its runner in on demand (why: commands.ts). */
export function databaseCommand<const F extends FlagSpecs>({
  load,
  ...spec
}: Omit<ConfiguredCommand<F>, 'config' | 'run'> & {
  readonly load: () => Promise<DatabaseRunner<F>>;
}): CommandSpec<F> {
  return defineCommand<F>({
    ...spec,
    config: 'database',
    run: async (args, io, env) => (await load())(args, env.config, env.logger, io),
  });
}
