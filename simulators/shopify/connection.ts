import { GraphQLError } from 'graphql';

/** Most items one page may hold, as in Shopify. */
export const MAX_PAGE_SIZE = 250;

export type SortKey = readonly (string | number)[];

/** Arguments every Relay connection field takes. */
export interface PageArgs {
  readonly first?: number | null;
  readonly last?: number | null;
  readonly after?: string | null;
  readonly before?: string | null;
  readonly reverse?: boolean | null;
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  nodes: N[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

// Cursors carry the sort key of the item rather than its position, so a page boundary stays put
// while items are added or re-sorted, the way Shopify's opaque cursors behave.
export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): SortKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && 'k' in parsed && Array.isArray(parsed.k)) {
      const k = parsed.k as unknown[];
      if (k.every((v) => typeof v === 'string' || typeof v === 'number')) return k;
    }
  } catch {
    // fall through: Shopify answers the same error for any unreadable cursor
  }
  throw new GraphQLError('Invalid cursor for current pagination sort.', {
    extensions: { code: 'BAD_REQUEST' },
  });
}

/** Index of the first item whose key is greater than `key` in an ascending list. */
function upperBound<T>(items: readonly T[], keyOf: (item: T) => SortKey, key: SortKey): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(keyOf(items[mid] as T), key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound<T>(items: readonly T[], keyOf: (item: T) => SortKey, key: SortKey): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(keyOf(items[mid] as T), key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function sortByKey<T>(items: T[], keyOf: (item: T) => SortKey): T[] {
  return items.sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
}

/**
 * One page of a Relay connection over `items`, already sorted ascending by `keyOf`.
 * `unbounded` (bulk exports) lifts the requirement for `first`/`last` and the page size limit.
 */
export function connectionOf<T, N>(
  items: readonly T[],
  args: PageArgs,
  keyOf: (item: T) => SortKey,
  toNode: (item: T) => N,
  unbounded = false,
): Connection<N> {
  const { first, last, after, before } = args;
  if (!unbounded) {
    if (first == null && last == null) {
      throw new GraphQLError('you must provide one of first or last', {
        extensions: { code: 'BAD_REQUEST' },
      });
    }
    for (const [name, n] of [
      ['first', first],
      ['last', last],
    ] as const) {
      if (n != null && (n < 0 || n > MAX_PAGE_SIZE)) {
        throw new GraphQLError(
          `The value of the argument \`${name}\` must be between 0 and ${MAX_PAGE_SIZE}.`,
          {
            extensions: { code: 'BAD_REQUEST' },
          },
        );
      }
    }
  }
  const reverse = args.reverse === true;
  // Work on the ascending list and mirror the bounds for reverse order.
  let lo = 0;
  let hi = items.length;
  const at = (i: number): T => items[reverse ? items.length - 1 - i : i] as T;
  const n = items.length;
  if (after != null) {
    const key = decodeCursor(after);
    lo = reverse ? n - lowerBound(items, keyOf, key) : upperBound(items, keyOf, key);
  }
  if (before != null) {
    const key = decodeCursor(before);
    hi = reverse ? n - upperBound(items, keyOf, key) : lowerBound(items, keyOf, key);
  }
  let start = lo;
  let end = Math.max(lo, hi);
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  const edges: { cursor: string; node: N }[] = [];
  for (let i = start; i < end; i++) {
    const item = at(i);
    edges.push({ cursor: encodeCursor(keyOf(item)), node: toNode(item) });
  }
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: end < hi,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
