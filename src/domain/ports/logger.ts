/**
 * The logging the use cases need; a pino logger satisfies it as is. Log objects first, then a
 * message: `log.info({ productId }, 'product archived')`.
 */
export interface LogFn {
  (object: object, message?: string): void;
  (message: string): void;
}

export interface Logger {
  /** Per-request detail (every HTTP exchange with Shopify and API X): LOG_LEVEL=trace. */
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}
