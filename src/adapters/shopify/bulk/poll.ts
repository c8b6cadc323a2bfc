import type { BulkOperationState } from '../../../domain/ports/shopify-bulk-imports.js';
import { isTerminal } from './bulk-state.js';

/**
 * How often a running bulk operation is asked about: the first question soon (a small export
 * or import is done in well under a second), then each wait half as long again, up to `max`
 * (a long one is asked about every few seconds, each question a cheap query). The only poll
 * policy for bulk operations: imports used 250 ms growing to 5 s, the listing and the orders
 * export a fixed 2 s, which made every small export wait at least 2 s.
 */
export interface BulkPolling {
  readonly min: number;
  readonly max: number;
}

export const DEFAULT_BULK_POLLING: BulkPolling = { min: 250, max: 5000 };

const GROWTH = 1.5;

/** The wait after `previous` (null: before the first repeat). */
export function nextPollDelay(policy: BulkPolling, previous: number | null): number {
  return previous === null ? policy.min : Math.min(policy.max, Math.round(previous * GROWTH));
}

/** Asks `read` until the operation ends, waiting by the policy between questions. */
export async function pollUntilDone(
  read: () => Promise<BulkOperationState>,
  options: {
    readonly policy: BulkPolling;
    readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
    readonly signal?: AbortSignal | undefined;
    readonly onProgress?: ((op: BulkOperationState) => void) | undefined;
  },
): Promise<BulkOperationState> {
  let wait: number | null = null;
  for (;;) {
    options.signal?.throwIfAborted();
    const op = await read();
    if (isTerminal(op.status)) return op;
    options.onProgress?.(op);
    wait = nextPollDelay(options.policy, wait);
    await options.sleep(wait, options.signal);
  }
}
