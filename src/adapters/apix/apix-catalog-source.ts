import type { Parsed } from '../../domain/model/record-error.js';
import type { CatalogSource } from '../../domain/ports/catalog-source.js';
import { describeUnstorable, unstorableAt } from '../../domain/storable-text.js';
import type { ApixHttp } from './apix-http.js';
import { ApixHttpError } from './apix-http-error.js';
import { parseCategory, parsePrice, parseProduct } from './parse-catalog-records.js';

export interface ApixCatalogSourceOptions {
  /** Records per request, 1..1000 (API X's maximum). */
  readonly pageSize: number;
  /** Only records changed at or after this RFC 3339 time; absent: everything (a full read). */
  readonly updatedSince?: string | null;
}

/** API X's page envelope (docs/api-x.openapi.yaml, `*Page`). */
export interface Page {
  readonly data: readonly unknown[];
  readonly nextCursor: string | null;
}

export function contractViolation(path: string, what: string): ApixHttpError {
  return new ApixHttpError(`GET ${path} ${what}`, {
    retryable: false,
    status: null,
    hint: 'API X broke its contract (docs/api-x.openapi.yaml); report it to the API X team',
    code: 'contract_violation',
    method: 'GET',
    path,
    body: null,
    retryAfterMs: null,
  });
}

/** The envelope must be right to go on at all; its items are checked one by one later. */
export function readPage(body: unknown, path: string): Page {
  if (typeof body !== 'object' || body === null)
    throw contractViolation(path, 'answered without a JSON page');
  const { data, nextCursor } = body as Record<string, unknown>;
  if (!Array.isArray(data)) throw contractViolation(path, 'answered a page without a `data` array');
  if (nextCursor !== null && (typeof nextCursor !== 'string' || nextCursor === '')) {
    throw contractViolation(
      path,
      'answered a page whose `nextCursor` is neither a string nor null',
    );
  }
  // A cursor goes back in the next request's URL: a lone surrogate cannot be encoded there
  // (encodeURIComponent throws), and a NUL is no text API X could have meant.
  const broken = nextCursor === null ? null : unstorableAt(nextCursor);
  if (broken !== null)
    throw contractViolation(
      path,
      `answered a page whose \`nextCursor\` is not well-formed text (${describeUnstorable(broken)})`,
    );
  return { data, nextCursor };
}

/**
 * Consumer time after which the stream lets the event loop run before its next record. A page
 * is already in memory, so without this a consumer works through all of it (1,000 products
 * parsed, hashed and staged: 100-290 ms measured) in one turn of the loop, and every answer
 * that arrives meanwhile (the other list's next page, Postgres's replies) waits for it: in a
 * 10k no-change run the prices, read beside the products, took ~140 ms a page instead of ~66.
 */
const SLICE_MS = 8;

// One page is read ahead: its request is in flight while the consumer stages the current one,
// so a full read costs about max(API X, staging) instead of their sum. Memory holds two pages;
// a consumer that stops early leaves at most that one request behind.
export async function* streamRecords<T>(
  http: ApixHttp,
  path: string,
  parse: (raw: unknown, index: number) => Parsed<T>,
  options: ApixCatalogSourceOptions,
  signal: AbortSignal | undefined,
): AsyncGenerator<Parsed<T>> {
  const fetchPage = async (cursor: string | null): Promise<Page> => {
    const params: Record<string, string | number> = { limit: options.pageSize };
    if (cursor !== null) params['cursor'] = cursor;
    if (options.updatedSince) params['updatedSince'] = options.updatedSince;
    const response = await http.client.get<unknown>(path, { params, signal });
    return readPage(response.data, path);
  };
  let cursor: string | null = null;
  let next: Promise<Page> | null = fetchPage(null);
  let index = 0;
  let sliceStart = performance.now();
  while (next !== null) {
    const page: Page = await next;
    if (page.nextCursor !== null && page.nextCursor === cursor) {
      throw contractViolation(path, 'returned the same cursor twice (the read would never end)');
    }
    cursor = page.nextCursor;
    next = cursor === null ? null : fetchPage(cursor);
    // Its failure is thrown where it is awaited; this only keeps it from going unhandled
    // while the current page is consumed (or when the consumer stops early).
    next?.catch(() => {});
    for (const item of page.data) {
      yield parse(item, index);
      index += 1;
      if (performance.now() - sliceStart >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }
}

export function createApixCatalogSource(
  http: ApixHttp,
  options: ApixCatalogSourceOptions,
): CatalogSource {
  if (!Number.isInteger(options.pageSize) || options.pageSize < 1 || options.pageSize > 1000) {
    throw new RangeError(`pageSize must be an integer from 1 to 1000, got ${options.pageSize}`);
  }

  return {
    categories: (signal) => streamRecords(http, '/v1/categories', parseCategory, options, signal),
    products: (signal) => streamRecords(http, '/v1/products', parseProduct, options, signal),
    prices: (signal) => streamRecords(http, '/v1/prices', parsePrice, options, signal),
  };
}
