import type { Config } from '../config/config.js';
import type { Logger } from '../domain/ports/logger.js';
import type { ParsedCommandLine } from './command-line.js';
import { EXIT } from './exit-codes.js';
import type { CommandIo } from './run-command.js';

export async function runStatusCommand(
  _parsed: Extract<ParsedCommandLine, { kind: 'run' }>,
  _config: Config,
  _logger: Logger,
  io: CommandIo,
): Promise<number> {
  io.stderr.write('integration-service: status is not available yet\n');
  return EXIT.failed;
}
