import type { Config } from '../config/config.js';
import type { Logger } from '../domain/ports/logger.js';
import type { ParsedCommandLine } from './command-line.js';
import { EXIT } from './exit-codes.js';
import type { CommandIo } from './run-command.js';

export async function runJobCommand(
  _job: 'sync-to-shopify' | 'sync-orders',
  _parsed: Extract<ParsedCommandLine, { kind: 'run' }>,
  _config: Config,
  _logger: Logger,
  io: CommandIo,
  _describeError: (error: unknown) => string,
): Promise<number> {
  io.stderr.write('integration-service: jobs are being wired\n');
  return EXIT.failed;
}
