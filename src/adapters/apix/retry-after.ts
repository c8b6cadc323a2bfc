/**
 * Milliseconds to wait as a `Retry-After` header says: either delta-seconds ("120") or an HTTP
 * date ("Wed, 25 Nov 2026 07:00:00 GMT"). Null when the header is absent or unreadable, so the
 * caller falls back to its own back-off instead of trusting a garbled value.
 */
export function parseRetryAfter(value: unknown, nowMs: number): number | null {
  const text: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof text !== 'string' && typeof text !== 'number') return null;
  const trimmed = String(text).trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only real dates: Date.parse also accepts bare numbers and odd fragments.
  if (!/[a-z]/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
