/**
 * The few error types every layer needs. Per-record problems are values (RecordError), not
 * exceptions; these are for failures that stop a step or a run. Messages say what went wrong and
 * what to do next, and never carry a secret.
 */

/** Configuration is missing or malformed; every problem is listed at once. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * A remote system (Shopify, API X, the Kubernetes API, Postgres) failed in a way the adapter's own
 * retries could not absorb. `retryable` says whether the next run may succeed without a human.
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  readonly system: string;
  readonly retryable: boolean;
  readonly status: number | null;
  /** One line telling the operator what to do, e.g. "check SHOPIFY_ACCESS_TOKEN". */
  readonly hint: string | null;
  /** The upstream's own error code when it gave one (e.g. Shopify's VARIANT_THROTTLE_EXCEEDED). */
  readonly code: string | null;
  constructor(
    system: string,
    message: string,
    options: {
      retryable: boolean;
      status?: number | null;
      hint?: string | null;
      code?: string | null;
      cause?: unknown;
    },
  ) {
    super(`${system}: ${message}`, { cause: options.cause });
    this.system = system;
    this.retryable = options.retryable;
    this.status = options.status ?? null;
    this.hint = options.hint ?? null;
    this.code = options.code ?? null;
  }
}

/** The run was asked to stop (signal, lost lock). Not a failure of the work itself. */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';
  constructor(readonly reason: string) {
    super(`run aborted: ${reason}`);
  }
}

/** A guard refused to continue because the run would do more damage than it is allowed to. */
export class SafetyStopError extends Error {
  override readonly name = 'SafetyStopError';
  constructor(message: string) {
    super(message);
  }
}

export function isAbort(error: unknown): boolean {
  return (
    error instanceof AbortedError ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'CanceledError'))
  );
}
