import type { Logger } from '../../src/domain/ports/logger.js';

/** A Logger that drops everything: for tests that assert on outcomes, not on log lines. */
export const silent: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silent,
};
