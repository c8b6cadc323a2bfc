import type { BulkOperationState } from '../../../domain/ports/shopify-bulk-imports.js';
import { isTerminal } from './bulk-state.js';

/**
 * How often a running bulk operation is asked about: the first question soon (a small export
 * or import is done in well under a second), then each wait half as long again, up to `max`.
 * The only poll policy for bulk operations: imports used 250 ms growing to 5 s, the listing and
 * the orders export a fixed 2 s, which made every small export wait at least 2 s.
 */
export interface BulkPolling {
  readonly min: number;
  readonly max: number;
}

/**
 * 250 ms growing to at most 1 s, for every caller (catalogue imports and listing, the orders
 * export, the inventory reconcile's levels export). Each caller waits on nothing else while its
 * operation runs, so each moment the operation sits done unseen is the run's: under a 5 s cap a
 * 9 s price import (bench:catalog delta 30k) was seen done at 12.3 s; under 1 s, at 9.03 s. The
 * catalogue and the orders export had each capped it at 1 s on their own; this is now the default.
 * The cost: a question is `bulkOperation(id:)`, one object, and "Object | 1" point by Shopify's
 * cost table (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits), of a bucket restoring
 * 100 points/s on the Standard plan: at most a point a second, 1% of the restore rate. A 60 s
 * export is asked about 63 times instead of 19 (poll.test.ts), 44 points more over a minute.
 * Shopify's docs say to poll the operation's `status` until it ends (BulkOperation object,
 * shopify.dev/docs/api/admin-graphql/latest/objects/BulkOperation; or subscribe to the
 * bulk_operations/finish webhook, which a CLI run has no endpoint for); Shopify's own CLI polls
 * every 300 ms (@shopify/cli-kit, watch-bulk-operation, QUICK_WATCH_POLL_INTERVAL_MS).
 */
export const DEFAULT_BULK_POLLING: BulkPolling = { min: 250, max: 1000 };

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
