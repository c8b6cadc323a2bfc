/**
 * The subset of Shopify's search syntax the sync uses: `field:value`, `field:>=value` (also >, <, <=),
 * quoted values ('…' or "…", a backslash escaping the next character), implicit or explicit AND,
 * `OR` between terms, and `-field:value` / `NOT field:value`. Terms about unknown fields are
 * ignored, as Shopify ignores unknown filters (with a warning).
 *
 * Source: shopify.dev/docs/api/usage/search-syntax: "When a connective is not specified between
 * two terms, AND is implied" (`state:enabled OR state:disabled`); a value is "any name, or any
 * quoted string (single or double quotes are both permitted)". The page does not state how AND
 * and OR bind together; here AND binds tighter (a query is an OR of AND-groups), the usual reading.
 * Parentheses are not supported: the sync never sends them.
 */

export type Comparison = '=' | '>' | '>=' | '<' | '<=';

export interface SearchTerm {
  readonly field: string;
  readonly op: Comparison;
  readonly value: string;
  readonly negated: boolean;
}

const TOKEN =
  /(-)?([A-Za-z_][\w.]*):(>=|<=|>|<)?('((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\S+))|(\S+)/g;

const unescape = (quoted: string) => quoted.replace(/\\(.)/g, '$1');

/** The query's terms, in OR-groups: an item matches when every term of some group matches. */
export function parseSearchGroups(query: string | null | undefined): SearchTerm[][] {
  if (!query) return [];
  const groups: SearchTerm[][] = [[]];
  let negateNext = false;
  for (const m of query.matchAll(TOKEN)) {
    const bare = m[8];
    if (bare !== undefined) {
      if (bare === 'NOT') negateNext = true;
      if (bare === 'OR') groups.push([]);
      continue; // AND and free text: not needed here
    }
    const quoted = m[5] ?? m[6];
    groups[groups.length - 1]?.push({
      field: (m[2] ?? '').toLowerCase(),
      op: (m[3] as Comparison | undefined) ?? '=',
      value: quoted !== undefined ? unescape(quoted) : (m[7] ?? ''),
      negated: m[1] === '-' || negateNext,
    });
    negateNext = false;
  }
  return groups;
}

/** Every term of the query, whatever its group (callers that read single filters). */
export function parseSearchQuery(query: string | null | undefined): SearchTerm[] {
  return parseSearchGroups(query).flat();
}

/** How a resource exposes one searchable field: a date (ms), a number, a string or a boolean. */
export type FieldReader<T> =
  | { kind: 'date'; read: (item: T) => number | null }
  | { kind: 'string'; read: (item: T) => string | null }
  | { kind: 'number'; read: (item: T) => number | null }
  | { kind: 'boolean'; read: (item: T) => boolean };

function compare(a: number | string, b: number | string, op: Comparison): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

function matches<T>(item: T, term: SearchTerm, reader: FieldReader<T>): boolean {
  switch (reader.kind) {
    case 'date': {
      const v = reader.read(item);
      const t = Date.parse(term.value);
      return v !== null && !Number.isNaN(t) && compare(v, t, term.op);
    }
    case 'number': {
      const v = reader.read(item);
      return v !== null && compare(v, Number(term.value), term.op);
    }
    case 'boolean':
      return reader.read(item) === (term.value.toLowerCase() === 'true');
    case 'string': {
      const v = reader.read(item);
      if (v === null) return false;
      return term.op === '='
        ? v.toLowerCase() === term.value.toLowerCase()
        : compare(v, term.value, term.op);
    }
  }
}

/** A predicate for the query over items described by `fields`. */
export function searchFilter<T>(
  query: string | null | undefined,
  fields: Readonly<Record<string, FieldReader<T>>>,
): (item: T) => boolean {
  const groups = parseSearchGroups(query).map((g) => g.filter((t) => t.field in fields));
  if (groups.length === 0) return () => true;
  return (item) =>
    groups.some((terms) =>
      terms.every((t) => matches(item, t, fields[t.field] as FieldReader<T>) !== t.negated),
    );
}
