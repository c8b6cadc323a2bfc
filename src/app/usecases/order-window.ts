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

/** Exponential back-off with full jitter for the next push attempt, honouring Retry-After. */
export function nextAttemptDelayMs(
  attempts: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  const base = Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts));
  const jittered = Math.round(base / 2 + (random() * base) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}
