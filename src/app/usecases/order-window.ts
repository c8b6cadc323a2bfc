import { backoffMs, type BackoffPolicy } from '../../domain/retry-policy.js';

/** Shopify serves orders of the last 60 days without the read_all_orders scope. */
export const SHOPIFY_DEFAULT_ORDER_DAYS = 60;

/**
 * Where an incremental read starts: the stored cursor minus the overlap (late writes inside
 * Shopify can surface with an updatedAt a little in the past), or the backfill window on a first
 * run. Pure, so the edge cases are table-tested.
 */
export function orderWindowStart(
  cursor: string | null,
  now: Date,
  options: { overlapSeconds: number; backfillDays: number },
): string {
  if (cursor === null)
    return new Date(now.getTime() - options.backfillDays * 86_400_000).toISOString();
  const at = Date.parse(cursor);
  if (Number.isNaN(at))
    throw new Error(`stored orders cursor ${JSON.stringify(cursor)} is not a timestamp`);
  return new Date(at - options.overlapSeconds * 1000).toISOString();
}

/**
 * The order outbox's back-off: 30 s doubling per attempt up to 1 h, half of it always waited (see
 * BackoffPolicy.guaranteedShare: with the default 10 attempts an order outlives an API X outage
 * of at least 1.5 h, and a failed order does not come due again at once in the run that failed it).
 */
export const OUTBOX_BACKOFF: BackoffPolicy = {
  baseMs: 30_000,
  maxMs: 60 * 60_000,
  guaranteedShare: 0.5,
};

/**
 * Delay before the next push attempt. Unlike an in-process retry, a Retry-After does not replace
 * the back-off here but is its lower bound: the attempt is stored durably, so waiting longer than
 * the server asked costs nothing, and sooner than the back-off would undo its promise.
 */
export function nextAttemptDelayMs(
  attempts: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  return Math.max(backoffMs(attempts, OUTBOX_BACKOFF, random), retryAfterMs ?? 0);
}

/**
 * Whether Shopify's summary of a window proves there is nothing in it to read. Every change to an
 * order moves its updatedAt past everything stored (or, within the same second, leaves it equal:
 * see STAMP_RESOLUTION_MS; the lag below is never under a second), and a new order adds to the
 * count, so an equal count and an equal newest updatedAt mean nothing new, with one gap: a change Shopify's
 * search had not indexed yet when the window was last read in full (counts are exact but "a
 * write may not be reflected instantaneously", CountPrecision.EXACT, shopify.dev). Such a change
 * can hide behind a later one that was indexed. So the summary is trusted only when the newest
 * stored updatedAt is at least `lagSeconds` (the overlap, our allowance for that lag) older than
 * the start of the last full read: everything up to it had been indexed then. In doubt: read.
 */
export function windowUnchanged(
  shopify: { count: number; newestUpdatedAt: string | null },
  stored: { count: number; newestUpdatedAt: string | null },
  lastFullReadAt: string | null,
  lagSeconds: number,
): boolean {
  if (shopify.count !== stored.count) return false;
  if (shopify.newestUpdatedAt === null || stored.newestUpdatedAt === null)
    return shopify.newestUpdatedAt === stored.newestUpdatedAt && shopify.count === 0;
  const newest = Date.parse(stored.newestUpdatedAt);
  const readAt = lastFullReadAt === null ? NaN : Date.parse(lastFullReadAt);
  if (Number.isNaN(newest) || Number.isNaN(readAt)) return false;
  return (
    Date.parse(shopify.newestUpdatedAt) === newest &&
    newest <= readAt - Math.max(lagSeconds * 1000, STAMP_RESOLUTION_MS)
  );
}

/**
 * How fine Shopify's updatedAt is: whole seconds. The schema's DateTime is "an ISO 8601-encoded
 * date and time string", its example `"2019-09-07T15:50:00Z"` (admin_2026-10), and the Admin API
 * serves order timestamps without fractions. Where the docs are silent on rounding we take the
 * stricter reading: two changes within one second can carry the same updatedAt.
 */
export const STAMP_RESOLUTION_MS = 1000;

/**
 * Whether an order stored at `updatedAt` can be trusted to be at that version without reading it
 * again. A change later in the same second leaves updatedAt as it was, so a version read before
 * its second was over may have been changed since under the same stamp. Only a read that began
 * once the stamp's second had passed (`lastReadAt`: when the last read of the window began, the
 * full-read cursor) saw the second's last change. Such orders are few (those changed in the second
 * of the last read) and reading them again costs a point each. Found when runs got fast enough for
 * two to fall within one second of a change (lost-database.test.ts: a refund lost for good).
 */
export function settledBy(updatedAt: string, lastReadAt: string | null): boolean {
  if (lastReadAt === null) return false;
  const at = Date.parse(updatedAt);
  const read = Date.parse(lastReadAt);
  return !Number.isNaN(at) && !Number.isNaN(read) && at + STAMP_RESOLUTION_MS <= read;
}
