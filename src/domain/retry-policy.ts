/**
 * The one retry policy of the service: how long to wait before retry number `attempt`, and what a
 * server's `Retry-After` asks for. Pure (the caller passes `random` and `now`), so both are table
 * tested; the waiting itself is `infra/abortable-sleep.ts`. Used by the Shopify client, the API X
 * client, the bulk-result download and the order outbox.
 */

/**
 * The one wait of the service (`infra/abortable-sleep.ts` is the implementation the composition
 * root passes in): resolves after `ms`, rejects with the signal's reason as soon as it aborts.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Exponential back-off: the ceiling doubles per attempt from `baseMs` up to `maxMs`. */
export interface BackoffPolicy {
  /** Ceiling of the first retry's wait (attempt 0). */
  readonly baseMs: number;
  /** Largest ceiling, whatever the attempt. */
  readonly maxMs: number;
  /**
   * Share of the ceiling always waited, the rest being jitter. 0 (default) is "full jitter".
   * Only the order outbox sets it (to 1/2): its back-off is also a promise about how long an
   * outage an order survives before ORDERS_MAX_ATTEMPTS ends it, which full jitter would halve.
   */
  readonly guaranteedShare?: number;
}

/**
 * Wait before retry number `attempt` (0-based: 0 is the first retry): uniform in
 * [share * ceiling, ceiling], ceiling = min(maxMs, baseMs * 2^attempt).
 *
 * Full jitter rather than decorrelated: both spread clients that failed together (AWS
 * Architecture Blog, "Exponential Backoff And Jitter", where they come out close), but
 * decorrelated jitter derives each wait from the previous one, and the outbox keeps only an
 * attempt count across runs; full jitter needs nothing but the attempt number.
 */
export function backoffMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  const floor = ceiling * (policy.guaranteedShare ?? 0);
  return Math.round(floor + random() * (ceiling - floor));
}

/**
 * The longest Retry-After taken at its word. A larger one (a misconfigured proxy, "1e12") is read
 * as this much: still "wait long", but a date a caller can store (new Date() of a huge offset is
 * an Invalid Date) and a timer Node can set.
 */
export const RETRY_AFTER_MAX_MS = 24 * 60 * 60_000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TIME = String.raw`(\d{2}):(\d{2}):(\d{2})`;
// RFC 9110 §5.6.7: IMF-fixdate, and the two obsolete forms a recipient must still accept.
const IMF_FIXDATE = new RegExp(String.raw`^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) ${TIME} GMT$`, 'i');
const RFC850_DATE = new RegExp(String.raw`^[a-z]+, (\d{2})-([a-z]{3})-(\d{2}) ${TIME} GMT$`, 'i');
const ASCTIME_DATE = new RegExp(String.raw`^[a-z]{3} ([a-z]{3}) ( \d|\d{2}) ${TIME} (\d{4})$`, 'i');

function utc(
  year: number,
  month: string,
  day: string,
  h: string,
  m: string,
  s: string,
): number | null {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  if (monthIndex < 0) return null;
  const at = Date.UTC(year, monthIndex, Number(day), Number(h), Number(m), Number(s));
  // Date.UTC rolls 31 Feb over into March; such a date is garbage, not a date.
  return new Date(at).getUTCDate() === Number(day) ? at : null;
}

/** An HTTP-date (RFC 9110 §5.6.7) as epoch milliseconds, or null. Always GMT, whatever TZ says. */
export function parseHttpDate(text: string, nowMs: number): number | null {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(Number(m[3]), m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = RFC850_DATE.exec(text);
  if (m) {
    // A two-digit year more than 50 years ahead is the most recent past year ending so (§5.6.7).
    let year = 2000 + Number(m[3]);
    if (year > new Date(nowMs).getUTCFullYear() + 50) year -= 100;
    return utc(year, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  }
  m = ASCTIME_DATE.exec(text);
  if (m) return utc(Number(m[6]), m[1]!, m[2]!.trim(), m[3]!, m[4]!, m[5]!);
  return null;
}

/**
 * Milliseconds a `Retry-After` header asks to wait (RFC 9110 §10.2.3): delay-seconds ("120") or an
 * HTTP-date ("Wed, 25 Nov 2026 07:00:00 GMT"; a past one is 0). Decimal seconds ("2.0") are
 * outside the RFC's grammar but accepted: the Shopify simulator sends them, as Shopify's 429s are
 * reported to, and dropping a server's explicit ask would be worse than reading it leniently.
 * Capped at RETRY_AFTER_MAX_MS. Null when absent or unreadable
 * (garbage, a negative number, an ISO date), so the caller uses its own back-off instead of
 * trusting a garbled value. Takes `unknown`: axios hands over strings, arrays or nothing.
 */
export function parseRetryAfter(value: unknown, nowMs: number): number | null {
  const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof first !== 'string' && typeof first !== 'number') return null;
  const text = String(first).trim();
  if (/^\d+(\.\d+)?$/.test(text))
    return Math.min(RETRY_AFTER_MAX_MS, Math.round(Number(text) * 1000));
  const at = parseHttpDate(text, nowMs);
  return at === null ? null : Math.min(RETRY_AFTER_MAX_MS, Math.max(0, at - nowMs));
}

/**
 * An in-process wait before retry `attempt` (0-based): what the server's Retry-After asked for
 * when it sent one, at most `policy.maxMs` (a caller that cannot wait longer hands the error on
 * instead, see the API X client), else the back-off.
 */
export function retryWaitMs(
  attempt: number,
  retryAfterMs: number | null,
  policy: BackoffPolicy,
  random: () => number,
): number {
  return retryAfterMs !== null
    ? Math.min(policy.maxMs, retryAfterMs)
    : backoffMs(attempt, policy, random);
}
