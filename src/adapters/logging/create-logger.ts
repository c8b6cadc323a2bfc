import pino from 'pino';
import { prettyFactory } from 'pino-pretty';
import { redactSecrets, scrubSecrets } from './redact.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** Where log lines go: anything with a synchronous `write(line)`. */
export interface LogDestination {
  write(line: string): unknown;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Human-readable lines instead of JSON; 'auto' (default) = when stdout is a terminal. */
  readonly pretty?: boolean | 'auto';
  /** Defaults to stdout (fd 1, written synchronously so nothing is lost on exit). */
  readonly destination?: LogDestination;
  /** Fields on every line, e.g. `{ subcommand: 'sync-orders', shop }`. */
  readonly base?: Record<string, unknown>;
  /**
   * Values of this run's secrets (access tokens, database password). Masked wherever they appear
   * in a line, also inside messages and stacks where no key names them. Read at every write, so
   * a function lets config add secrets after the logger exists.
   */
  readonly secrets?: readonly string[] | (() => readonly string[]);
}

/**
 * The process's logger (satisfies domain/ports/logger.ts). Secret-named keys are blanked at any
 * depth, Errors anywhere in a log object are serialised (with cause) and redacted, and every
 * finished line is scrubbed of known secret values and URL credentials before it is written.
 */
export function createLogger(options: LoggerOptions): pino.Logger {
  const given = options.secrets ?? [];
  const secrets = typeof given === 'function' ? given : (): readonly string[] => given;
  const pretty =
    options.pretty === 'auto' || options.pretty === undefined
      ? process.stdout.isTTY === true
      : options.pretty;
  const sink: LogDestination = options.destination ?? pino.destination({ dest: 1, sync: true });
  const stream: LogDestination = pretty
    ? prettyStream(sink, options.destination === undefined && process.stdout.isTTY === true)
    : sink;
  return pino(
    {
      level: options.level,
      base:
        options.base === undefined
          ? {}
          : (redactSecrets(options.base, secrets()) as Record<string, unknown>),
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactSecrets(object, secrets()) as Record<string, unknown>,
        bindings: (bindings) => redactSecrets(bindings, secrets()) as Record<string, unknown>,
      },
      // Errors were already turned into plain, redacted objects by `formatters.log`.
      serializers: { err: (e: unknown) => e },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets()) },
    },
    stream,
  );
}

// pino-pretty's own stream pumps through an async pipeline; its formatter called in line keeps
// output synchronous (no worker thread, nothing lost when the process exits right after a log).
function prettyStream(sink: LogDestination, colorize: boolean): LogDestination {
  const format = prettyFactory({
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return { write: (line: string) => sink.write(format(line)) };
}
