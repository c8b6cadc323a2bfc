/**
 * The subset of Shopify's search syntax the sync uses: `field:value`, `field:>=value` (also >, <, <=),
 * quoted values ('…' or "…"), implicit or explicit AND, and `-field:value` / `NOT field:value`.
 * Terms about unknown fields are ignored, as Shopify ignores unknown filters (with a warning).
 */

export type Comparison = '=' | '>' | '>=' | '<' | '<=';

export interface SearchTerm {
  readonly field: string;
  readonly op: Comparison;
  readonly value: string;
  readonly negated: boolean;
}

const TOKEN = /(-)?([A-Za-z_][\w.]*):(>=|<=|>|<)?('([^']*)'|"([^"]*)"|(\S+))|(\S+)/g;

export function parseSearchQuery(query: string | null | undefined): SearchTerm[] {
  if (!query) return [];
  const terms: SearchTerm[] = [];
  let negateNext = false;
  for (const m of query.matchAll(TOKEN)) {
    const bare = m[8];
    if (bare !== undefined) {
      if (bare === 'NOT') negateNext = true;
      continue; // AND, OR and free text: not needed here
    }
    terms.push({
      field: (m[2] ?? '').toLowerCase(),
      op: (m[3] as Comparison | undefined) ?? '=',
      value: m[5] ?? m[6] ?? m[7] ?? '',
      negated: m[1] === '-' || negateNext,
    });
    negateNext = false;
  }
  return terms;
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
  const terms = parseSearchQuery(query).filter((t) => t.field in fields);
  return (item) =>
    terms.every((t) => matches(item, t, fields[t.field] as FieldReader<T>) !== t.negated);
}
