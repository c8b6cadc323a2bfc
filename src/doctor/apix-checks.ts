import { safeOrigin } from '../adapters/apix/apix-http.js';
import { parseCategory, parsePrice, parseProduct } from '../adapters/apix/parse-catalog-records.js';
import type { Parsed } from '../domain/model/record-error.js';
import { check, type Check } from './check.js';

export interface ApixDoctorOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs: number;
  readonly pageSize: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}

/** What the combined checks need from API X. */
export interface ApixFacts {
  readonly products: number;
  readonly variants: number;
  readonly currencies: readonly string[];
}

/** The read endpoints of docs/api-x.openapi.yaml; the order endpoints only take writes. */
const ENDPOINTS: readonly {
  path: string;
  parse: (raw: unknown, index: number) => Parsed<unknown>;
}[] = [
  { path: '/v1/categories', parse: parseCategory },
  { path: '/v1/products', parse: parseProduct },
  { path: '/v1/prices', parse: parsePrice },
];

/** API X's largest page (the contract's `limit` maximum): the fewest requests to count the catalogue. */
const COUNT_PAGE = 1000;
const SKEW_WARN_SECONDS = 30;

type Got =
  | { kind: 'page'; data: unknown[]; nextCursor: string | null; date: string | null }
  | { kind: 'problem'; check: Check };

/** A GET that went wrong, as the failed `apix` check it is reported by. */
const apixFailure = (name: string, found: string, action: string): Got => ({
  kind: 'problem',
  check: check('apix', name, 'fail', found, action),
});

/**
 * GETs only: a first page of every read endpoint, checked against the contract's shape, then the
 * product pages to count the catalogue. Nothing is POSTed or PUT (the order endpoints only take
 * writes and are not probed).
 */
export async function apixChecks(
  options: ApixDoctorOptions,
): Promise<{ checks: Check[]; facts: ApixFacts | null }> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());
  const base = options.baseUrl.replace(/\/+$/, '');
  const origin = safeOrigin(base);
  const checks: Check[] = [];

  async function get(path: string, params: Record<string, string>): Promise<Got> {
    const url = `${base}${path}?${new URLSearchParams(params).toString()}`;
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      return apixFailure(
        'reachable',
        `cannot reach ${origin}: ${(error as Error).message}`,
        'check APIX_BASE_URL and the network path (NetworkPolicy egress in the cluster)',
      );
    }
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    if (/text\/html/i.test(type) || /^\s*<(!doctype|html)/i.test(text))
      return apixFailure(
        'answers-json',
        `GET ${path} answered HTML (HTTP ${response.status}${type ? `, ${type.split(';')[0]}` : ''}), not API X's JSON: a login page, a proxy or the wrong URL`,
        'point APIX_BASE_URL at the API itself (the URL the contract paths /v1/... hang off), not its web front end',
      );
    if (response.status === 401 || response.status === 403)
      return apixFailure(
        'token',
        `wrong API X token: GET ${path} answered ${response.status} ${response.status === 401 ? '(missing or invalid bearer token)' : '(the token lacks rights to read the catalogue)'}`,
        'set APIX_TOKEN to a token API X accepts for reading the catalogue and writing orders',
      );
    if (response.status >= 300 && response.status < 400)
      return apixFailure(
        'answers-json',
        `GET ${path} redirects (HTTP ${response.status} to ${safeOrigin(response.headers.get('location') ?? '')}); the service never follows redirects (they would carry the token elsewhere)`,
        'set APIX_BASE_URL to the final URL',
      );
    if (response.status !== 200)
      return apixFailure(
        'reachable',
        `GET ${path} answered HTTP ${response.status}`,
        response.status >= 500 || response.status === 429
          ? 'API X is down or overloaded: retry later, tell the API X team if it persists'
          : 'check APIX_BASE_URL (a wrong path answers 404)',
      );
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return apixFailure(
        'answers-json',
        `GET ${path} answered 200 with a body that is not JSON`,
        'point APIX_BASE_URL at the API; report it to the API X team if it is right',
      );
    }
    const b = body as Record<string, unknown> | null;
    const nextCursor = b?.['nextCursor'];
    if (
      typeof b !== 'object' ||
      b === null ||
      !Array.isArray(b['data']) ||
      !(nextCursor === null || (typeof nextCursor === 'string' && nextCursor !== ''))
    )
      return apixFailure(
        `contract-${path.split('/').pop() ?? path}`,
        `GET ${path} answered JSON that is not the contract's page ({data: [...], nextCursor: string|null})`,
        'API X does not follow docs/api-x.openapi.yaml: report it to the API X team',
      );
    return {
      kind: 'page',
      data: b['data'] as unknown[],
      nextCursor: nextCursor,
      date: response.headers.get('date'),
    };
  }

  let date: string | null = null;
  const currencies = new Set<string>();
  for (const endpoint of ENDPOINTS) {
    const got = await get(endpoint.path, { limit: String(options.pageSize) });
    if (got.kind === 'problem') {
      checks.push(got.check);
      // One answer says it all for token, HTML and reachability: the other endpoints share it.
      if (!got.check.name.startsWith('contract-')) return { checks, facts: null };
      continue;
    }
    date ??= got.date;
    const parsed = got.data.map((raw, i) => endpoint.parse(raw, i));
    const bad = parsed.flatMap((p) => (p.ok ? [] : [p.error]));
    if (endpoint.path === '/v1/prices')
      for (const p of parsed) if (p.ok) currencies.add((p.value as { currency: string }).currency);
    const name = `contract-${endpoint.path.split('/').pop() ?? ''}`;
    checks.push(
      bad.length === 0
        ? check(
            'apix',
            name,
            'ok',
            `GET ${endpoint.path}: first page of ${got.data.length} record(s) matches the contract`,
          )
        : check(
            'apix',
            name,
            'warn',
            `GET ${endpoint.path}: ${bad.length} of ${got.data.length} record(s) on the first page break the contract (first: ${bad[0]?.externalId ?? '?'} ${bad[0]?.field ?? ''}: ${bad[0]?.reason ?? ''}); runs hold such records back and name them`,
            'ask the API X team to fix those records (integration-service errors lists them after a run)',
          ),
    );
  }
  checks.unshift(check('apix', 'token', 'ok', `${origin} answers with JSON and accepts the token`));

  // Catalogue size: follow the product pages, counting (no total in the contract's envelope).
  let products = 0;
  let variants = 0;
  let cursor: string | null = null;
  for (let pages = 0; ; pages++) {
    const got = await get('/v1/products', {
      limit: String(COUNT_PAGE),
      ...(cursor ? { cursor } : {}),
    });
    if (got.kind === 'problem') {
      checks.push(got.check);
      return { checks, facts: null };
    }
    products += got.data.length;
    for (const p of got.data) {
      const v = (p as { variants?: unknown } | null)?.variants;
      variants += Array.isArray(v) ? v.length : 0;
    }
    if (got.nextCursor === null) break;
    if (got.nextCursor === cursor) {
      checks.push(
        check(
          'apix',
          'catalogue-size',
          'fail',
          'GET /v1/products returned the same cursor twice: a read would never end',
          'report it to the API X team',
        ),
      );
      return { checks, facts: null };
    }
    cursor = got.nextCursor;
  }
  checks.push(
    check('apix', 'catalogue-size', 'ok', `${products} products with ${variants} variants`),
  );
  checks.push(clockSkewCheck(date, now()));
  return { checks, facts: { products, variants, currencies: [...currencies].sort() } };
}

/**
 * API X's `Date` header against our clock. The jobs ask for `updatedSince` their last start, so a
 * skew beyond a few seconds can skip changes (ORDERS_OVERLAP_SECONDS covers the order side).
 */
export function clockSkewCheck(dateHeader: string | null, now: Date): Check {
  const theirs = dateHeader ? new Date(dateHeader) : null;
  if (!theirs || Number.isNaN(theirs.getTime()))
    return check('apix', 'clock-skew', 'skip', 'API X sent no Date header to compare clocks with');
  const skew = Math.round((now.getTime() - theirs.getTime()) / 1000);
  const found = `our clock is ${Math.abs(skew)} s ${skew >= 0 ? 'ahead of' : 'behind'} API X's (its Date header, 1 s resolution)`;
  return Math.abs(skew) > SKEW_WARN_SECONDS
    ? check(
        'apix',
        'clock-skew',
        'warn',
        found,
        'synchronise the clocks (NTP); incremental reads by updatedSince can miss changes made in the gap',
      )
    : check('apix', 'clock-skew', 'ok', found);
}
