import { createRequire } from 'node:module';
import pino from 'pino';
import type { prettyFactory as PrettyFactory } from 'pino-pretty';
import { redactSecrets, scrubSecrets } from './redact.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** Where log lines go: anything with a synchronous `write(line)`. */
export interface LogDestination {
  write(line: string): unknown;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Human-readable lines instead of JSON; 'auto' (default) = when stderr is a terminal. */
  readonly pretty?: boolean | 'auto';
  /**
   * Defaults to stderr (fd 2, written synchronously so nothing is lost on exit): stdout is for
   * what a command prints (a job's summary line, `status`, `errors --json`), so scripts can pipe it.
   */
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
 * finished line is scrubbed of known secret values and URL credentials and carries each key once
 * before it is written.
 */
export function createLogger(options: LoggerOptions): pino.Logger {
  const given = options.secrets ?? [];
  const secrets = typeof given === 'function' ? given : (): readonly string[] => given;
  const pretty =
    options.pretty === 'auto' || options.pretty === undefined
      ? process.stderr.isTTY === true
      : options.pretty;
  const sink: LogDestination = options.destination ?? pino.destination({ dest: 2, sync: true });
  const stream: LogDestination = pretty
    ? prettyStream(sink, options.destination === undefined && process.stderr.isTTY === true)
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
      hooks: { streamWrite: (line) => scrubSecrets(withUniqueKeys(line), secrets()) },
    },
    stream,
  );
}

/**
 * pino writes a child's bindings after its parent's and the log object's keys after both, without
 * merging: `{ shop }` bound by the CLI and again by a job's child gave lines with "shop" twice,
 * which log pipelines reject or resolve arbitrarily. Parsing keeps each key once, with the most
 * specific value (the last one written), wherever the repetition comes from.
 */
export function withUniqueKeys(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    return JSON.stringify(JSON.parse(line)) + (line.endsWith('\n') ? '\n' : '');
  } catch {
    return line;
  }
}

// pino-pretty's own stream pumps through an async pipeline; its formatter called in line keeps
// output synchronous (no worker thread, nothing lost when the process exits right after a log).
function prettyStream(sink: LogDestination, colorize: boolean): LogDestination {
  // Loaded only for pretty output (a terminal): JSON logs, as every job in Kubernetes writes
  // them, skip its ~50 ms of start-up. pino-pretty is CommonJS, so it loads synchronously here.
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as {
    prettyFactory: typeof PrettyFactory;
  };
  const format = prettyFactory({
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return { write: (line: string) => sink.write(format(line)) };
}
