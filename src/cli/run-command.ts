import os from 'node:os';
import { createLogger } from '../adapters/logging/create-logger.js';
import { scrubSecrets } from '../adapters/logging/redact.js';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { UpstreamError } from '../domain/errors.js';
import type { ParsedCommandLine } from './command-line.js';
import type { CommandIo } from './command-spec.js';
import { EXIT } from './exit-codes.js';

type RunCommandLine = Extract<ParsedCommandLine, { kind: 'run' }>;

/** Runs one parsed command; returns the exit code. Configuration errors throw ConfigError. */
export async function runCommand(parsed: RunCommandLine, io: CommandIo): Promise<number> {
  const { command } = parsed;
  const args = { flags: parsed.flags, positionals: parsed.positionals };
  if (command.config === 'own') return command.run(args, io);
  const config = loadConfig(io.env, command.config);
  io.shutdownTimeout?.(config.shutdownTimeoutSeconds);
  const logger = createLogger({
    level: config.log.level as 'info',
    pretty: config.log.pretty,
    secrets: config.secrets,
    base: {
      subcommand: command.name,
      ...(config.shopify.shop ? { shop: config.shopify.shop } : {}),
    },
  });
  const describeError = (error: unknown) => describe(error, config);
  try {
    return await command.run(args, io, { config, logger, describeError });
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
