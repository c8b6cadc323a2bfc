import type { Logger } from '../../../../src/domain/ports/logger.js';

/** A logger that keeps every entry as one JSON line, so tests can assert what was (not) logged. */
export function createTestLogger(
  lines: string[] = [],
  bindings: Record<string, unknown> = {},
): Logger & { lines: string[] } {
  const log =
    (level: string) =>
    (a: object | string, b?: string): void => {
      lines.push(
        JSON.stringify({
          level,
          ...bindings,
          ...(typeof a === 'string' ? { msg: a } : { ...a, msg: b }),
        }),
      );
    };
  return {
    lines,
    trace: log('trace'),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => createTestLogger(lines, { ...bindings, ...more }),
  };
}
