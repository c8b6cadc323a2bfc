import { retryWaitMs, type BackoffPolicy, type Sleep } from '../../domain/retry-policy.js';
import { abortableSleep } from '../../infra/abortable-sleep.js';

/** Why an attempt to get a body failed: refused (429, 5xx), not answered, or broken off midway. */
export interface ReadFailure {
  readonly reason: string;
  /** What the server's Retry-After asked for (`parseRetryAfter`), null when it sent none. */
  readonly retryAfterMs: number | null;
  /** Longest wait for this failure when shorter than the policy's (see the GraphQL client). */
  readonly maxWaitMs?: number;
}

export interface ReadRetryOptions {
  /** Attempts after the first one. */
  readonly retries: number;
  readonly policy: BackoffPolicy;
  readonly random?: () => number;
  readonly signal?: AbortSignal | undefined;
  readonly sleep?: Sleep;
  /** Told before each wait (a log line: what failed, which retry, how long). */
  readonly onRetry?: (failure: ReadFailure, retry: number, waitMs: number) => void;
}

/**
 * "Read a body, retry a broken one": the retry budget of one HTTP read, on the one retry policy.
 * The caller sends and reads; after each failure it calls `again`, which waits what the server's
 * Retry-After asked for (at most `policy.maxMs`), else the jittered back-off, and says whether
 * another attempt is allowed. Shared by the GraphQL client (a request whose answer failed or
 * broke off) and the bulk result download (a file that was refused or broke off midway), so
 * both honour Retry-After and count their attempts the same way. The sleep rejects with the
 * signal's reason on abort; callers turn that into their own error.
 */
export function createReadRetry(options: ReadRetryOptions) {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  let retries = 0;
  let last: ReadFailure | null = null;
  return {
    /** Retries made so far. */
    retries: () => retries,
    /** The failure `again` was last told about. */
    lastFailure: () => last,
    /** Waits before the next attempt and resolves true; false (at once) when the budget is spent. */
    async again(failure: ReadFailure): Promise<boolean> {
      last = failure;
      if (retries >= options.retries) return false;
      const waitMs = Math.min(
        failure.maxWaitMs ?? Number.POSITIVE_INFINITY,
        retryWaitMs(retries, failure.retryAfterMs, options.policy, random),
      );
      retries += 1;
      options.onRetry?.(failure, retries, waitMs);
      await sleep(waitMs, options.signal);
      return true;
    },
  };
}
