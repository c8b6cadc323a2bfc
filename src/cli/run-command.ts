import os from 'node:os';
import type { Writable } from 'node:stream';
import { createLogger } from '../adapters/logging/create-logger.js';
import { scrubSecrets } from '../adapters/logging/redact.js';
import { loadConfig, type Config } from '../config/config.js';
import { UpstreamError } from '../domain/errors.js';
import type { ParsedCommandLine } from './command-line.js';
import { EXIT } from './exit-codes.js';

export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** stdout is a terminal: print for a person (plans, tables) besides the lines for scripts. */
  readonly interactive?: boolean;
  /** stderr is a terminal: long steps draw a progress bar there. */
  readonly progressOnStderr?: boolean;
}

type RunCommandLine = Extract<ParsedCommandLine, { kind: 'run' }>;

/** Runs one parsed command; returns the exit code. Configuration errors throw ConfigError. */
export async function runCommand(parsed: RunCommandLine, io: CommandIo): Promise<number> {
  const name = parsed.command.name;
  // doctor reads the configuration itself: its problems are findings, not a usage error.
  if (name === 'doctor') return (await import('./doctor-command.js')).runDoctorCommand(parsed, io);
  const config = loadConfig(
    io.env,
    name === 'sync-to-shopify' ||
      name === 'sync-orders' ||
      name === 'sync-inventory' ||
      name === 'worker'
      ? 'jobs'
      : 'database',
  );
  const logger = createLogger({
    level: config.log.level as 'info',
    pretty: config.log.pretty,
    secrets: config.secrets,
    base: { subcommand: name, ...(config.shopify.shop ? { shop: config.shopify.shop } : {}) },
  });
  const describeError = (error: unknown) => describe(error, config);
  // Commands are loaded on demand: the jobs pull in the Kubernetes, Shopify and API X clients,
  // seconds of start-up an operator running `status` should not wait for.
  try {
    switch (name) {
      case 'migrate':
        return await (
          await import('./migrate-command.js')
        ).runMigrateCommand(parsed, config, logger, io);
      case 'status':
        return await (
          await import('./status-command.js')
        ).runStatusCommand(parsed, config, logger, io);
      case 'orders':
        return await (
          await import('./orders-command.js')
        ).runOrdersCommand(parsed, config, logger, io);
      case 'errors':
        return await (
          await import('./errors-command.js')
        ).runErrorsCommand(parsed, config, logger, io);
      case 'resync':
        return await (
          await import('./resync-command.js')
        ).runResyncCommand(parsed, config, logger, io);
      case 'worker':
        return await (
          await import('./worker-command.js')
        ).runWorkerCommand(parsed, config, logger, io, describeError);
      case 'sync-to-shopify':
      case 'sync-orders':
      case 'sync-inventory':
        return await (
          await import('./job-command.js')
        ).runJobCommand(name, parsed, config, logger, io, describeError);
      default:
        io.stderr.write(`integration-service: command '${name}' is not implemented\n`);
        return EXIT.usage;
    }
  } catch (error) {
    logger.error({ err: describeError(error) }, describeError(error));
    io.stderr.write(`integration-service: ${describeError(error)}\n`);
    return EXIT.failed;
  }
}

/** One line for an operator: what failed and, when known, what to do; never a secret. */
export function describe(error: unknown, config: Pick<Config, 'secrets'>): string {
  let text: string;
  if (error instanceof UpstreamError)
    text = error.hint ? `${error.message} (${error.hint})` : error.message;
  else if (error instanceof Error) text = error.message;
  else text = String(error);
  if (hasCode(error, 'ENOSPC'))
    text += ` (the temporary folder ${os.tmpdir()} is full: Shopify bulk operations are spooled there whole; raise the chart's tmpVolume.sizeLimit)`;
  return scrubSecrets(text, config.secrets);
}

function hasCode(error: unknown, code: string): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++)
    if ((e as { code?: unknown }).code === code) return true;
  return false;
}
