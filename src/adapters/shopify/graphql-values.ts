/**
 * Reading Shopify's GraphQL answers, which arrive as `unknown`: a missing or mistyped value
 * reads as empty rather than throwing, and the caller decides what empty means.
 */

export type Obj = Record<string, unknown>;

export const obj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);

/** A connection's `pageInfo`. */
export function pageInfo(v: unknown): { hasNextPage: boolean; endCursor: string | null } {
  const p = obj(v);
  return { hasNextPage: p['hasNextPage'] === true, endCursor: str(p['endCursor']) };
}

/**
 * A search-syntax term `field:>='<time>'`. The time goes into a query string, so only a
 * well-formed timestamp is let in; `>=` so the boundary instant itself is read again.
 */
export function sinceSearchTerm(field: 'updated_at' | 'created_at', since: string): string {
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw new Error(`not a timestamp: ${JSON.stringify(since)}`);
  return `${field}:>='${new Date(t).toISOString()}'`;
}
