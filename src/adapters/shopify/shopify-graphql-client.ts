import { createAdminApiClient } from '@shopify/admin-api-client';
import { AbortedError, UpstreamError } from '../../domain/errors.js';
import type { Logger } from '../../domain/ports/logger.js';
import { backoffMs, parseRetryAfter, retryWaitMs } from '../../domain/retry-policy.js';
import { abortableSleep } from '../../infra/abortable-sleep.js';
import { createCostPacer } from './cost-pacer.js';
import type { CostPacer, ThrottleStatus } from './cost-pacer.js';
import { estimateQueryCost } from './query-cost.js';

const SYSTEM = 'shopify';

/** Counters for metrics: points Shopify charged, throttled answers, HTTP requests sent. */
export interface ShopifyUsage {
  readonly costPoints: number;
  readonly throttled: number;
  readonly requests: number;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Points to reserve before sending; defaults to the document's estimated cost. */
  readonly estimatedCost?: number;
  /**
   * Accepts an answer whose `data` came with field-level ACCESS_DENIED errors (fields Shopify
   * withheld, e.g. protected customer data without approval): the withheld fields are null in
   * the data and listed here. Without it any error fails the request.
   */
  readonly onFieldErrors?: (errors: readonly GraphqlFieldError[]) => void;
  /**
   * `false` for a mutation that must not run twice (fulfillmentCreate): after a timeout, network
   * error or 5xx the request may have been executed and only its answer lost, so it is not sent
   * again; the error says so and the caller's next run looks in Shopify first. A throttled
   * request (429 / THROTTLED) was not executed and is still retried. Default true.
   */
  readonly idempotent?: boolean;
}

/** A GraphQL error about one field of an otherwise answered query. */
export interface GraphqlFieldError {
  readonly message: string;
  readonly code: string | null;
  /** From the root field to the withheld one, e.g. `['orders', 'nodes', 3, 'email']`. */
  readonly path: readonly (string | number)[];
}

/** One GraphQL endpoint of one shop, paced by its cost bucket and retried on transient failures. */
export interface ShopifyGraphqlClient {
  /** Returns `data`, or throws `UpstreamError` (retryable or not) / `AbortedError`. */
  request<T = unknown>(
    document: string,
    variables?: Readonly<Record<string, unknown>>,
    options?: RequestOptions,
  ): Promise<T>;
  usage(): ShopifyUsage;
}

export interface ShopifyGraphqlClientOptions {
  /** `example.myshopify.com` (or just `example`). */
  readonly shop: string;
  readonly accessToken: string;
  readonly apiVersion: string;
  /** Replaces `https://{shop}` (SHOPIFY_API_BASE_URL), e.g. a local simulator `http://127.0.0.1:4321`. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly logger: Logger;
  /** Retries after the first attempt (default 5). */
  readonly maxRetries?: number;
  /** Per attempt (default 30 s). */
  readonly timeoutMs?: number;
  /** First back-off step; doubles each attempt, with full jitter (default 500 ms). */
  readonly retryBaseMs?: number;
  /** Longest single wait, also the cap on Retry-After (default 30 s). */
  readonly retryMaxMs?: number;
  readonly pacer?: CostPacer;
  readonly random?: () => number;
}

type Outcome =
  | {
      readonly kind: 'ok';
      readonly data: unknown;
      readonly fieldErrors: readonly GraphqlFieldError[];
    }
  | {
      readonly kind: 'retry';
      readonly reason: string;
      readonly status: number | null;
      readonly waitMs: number | null;
      readonly throttled: boolean;
    }
  | { readonly kind: 'fail'; readonly error: UpstreamError };

interface ParsedBody {
  readonly data: unknown;
  readonly errors: readonly {
    readonly message: string;
    readonly code: string | null;
    readonly path: readonly (string | number)[] | null;
  }[];
  readonly cost: { readonly actual: number | null; readonly status: ThrottleStatus | null } | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Reads Shopify's JSON envelope; anything unexpected becomes empty fields, never a throw. */
export function parseGraphqlBody(json: unknown): ParsedBody {
  if (!isRecord(json)) return { data: undefined, errors: [], cost: null };
  const rawErrors = json['errors'];
  const errors = Array.isArray(rawErrors)
    ? rawErrors.map((e: unknown) => ({
        message:
          isRecord(e) && typeof e['message'] === 'string'
            ? e['message']
            : String(JSON.stringify(e)),
        code:
          isRecord(e) && isRecord(e['extensions']) && typeof e['extensions']['code'] === 'string'
            ? e['extensions']['code']
            : null,
        path:
          isRecord(e) &&
          Array.isArray(e['path']) &&
          e['path'].every((p: unknown) => typeof p === 'string' || typeof p === 'number')
            ? e['path']
            : null,
      }))
    : typeof rawErrors === 'string'
      ? [{ message: rawErrors, code: null, path: null }]
      : [];
  const ext = isRecord(json['extensions']) ? json['extensions'] : null;
  const c = ext && isRecord(ext['cost']) ? ext['cost'] : null;
  let cost: ParsedBody['cost'] = null;
  if (c) {
    const t = isRecord(c['throttleStatus']) ? c['throttleStatus'] : null;
    const max = num(t?.['maximumAvailable']);
    const cur = num(t?.['currentlyAvailable']);
    const rate = num(t?.['restoreRate']);
    cost = {
      actual: num(c['actualQueryCost']),
      status:
        max !== null && cur !== null && rate !== null && rate > 0
          ? { maximumAvailable: max, currentlyAvailable: cur, restoreRate: rate }
          : null,
    };
  }
  return { data: json['data'], errors, cost };
}

const SCOPE = /\b(?:read|write)_[a-z_]+\b/;

/**
 * The one table of what an HTTP status and GraphQL error code mean here: retry, or stop with a
 * hint for the operator. THROTTLED is a retry (the pacer then waits for the bucket).
 */
export function classifyResponse(
  status: number,
  bodyText: string,
  body: ParsedBody,
  retryAfterMs: number | null,
  fieldErrorsAccepted = false,
): Outcome {
  const first = body.errors[0]?.message ?? bodyText.slice(0, 200);
  const fail = (message: string, hint: string | null): Outcome => ({
    kind: 'fail',
    error: new UpstreamError(SYSTEM, message, { retryable: false, status, hint }),
  });
  const throttled = body.errors.some((e) => e.code === 'THROTTLED');
  if (status === 429 || throttled) {
    return { kind: 'retry', reason: 'throttled', status, waitMs: retryAfterMs, throttled: true };
  }
  if (status >= 500 || status === 408)
    return {
      kind: 'retry',
      reason: `HTTP ${status}`,
      status,
      waitMs: retryAfterMs,
      throttled: false,
    };
  if (status === 401) return fail('HTTP 401 unauthorized', 'check SHOPIFY_ACCESS_TOKEN');
  if (status === 402)
    return fail('HTTP 402: shop is frozen (unpaid)', 'the shop owner must settle the Shopify bill');
  if (status === 403) {
    const scope = SCOPE.exec(bodyText)?.[0];
    return fail(
      `HTTP 403 forbidden${scope ? `: missing access scope ${scope}` : ''}`,
      scope ? `grant the app the ${scope} scope` : 'check the app access scopes',
    );
  }
  if (status === 404)
    return fail('HTTP 404 not found', 'check SHOPIFY_SHOP and SHOPIFY_API_VERSION');
  if (status === 423)
    return fail(
      'HTTP 423: shop is locked',
      'the shop is locked by Shopify; contact Shopify support',
    );
  if (status < 200 || status >= 300) return fail(`HTTP ${status}: ${first}`, null);
  const fieldErrors = body.errors.flatMap((e) =>
    e.code === 'ACCESS_DENIED' && e.path !== null && e.path.length > 1
      ? [{ message: e.message, code: e.code, path: e.path }]
      : [],
  );
  if (
    fieldErrorsAccepted &&
    body.errors.length > 0 &&
    fieldErrors.length === body.errors.length &&
    isRecord(body.data)
  )
    return { kind: 'ok', data: body.data, fieldErrors };
  if (body.errors.length > 0) {
    const codes = body.errors.map((e) => e.code);
    if (codes.some((c) => c === 'INTERNAL_SERVER_ERROR' || c === 'SERVICE_UNAVAILABLE')) {
      return {
        kind: 'retry',
        reason: `GraphQL ${codes.join(',')}`,
        status,
        waitMs: null,
        throttled: false,
      };
    }
    if (codes.includes('ACCESS_DENIED')) {
      const scope = body.errors.map((e) => SCOPE.exec(e.message)?.[0]).find(Boolean);
      return fail(
        `access denied: ${first}`,
        scope ? `grant the app the ${scope} scope` : 'check the app access scopes',
      );
    }
    // Shopify answers a custom id whose `id` metafield definition is missing with a top-level
    // NOT_FOUND (not a userError): every later product would fail the same way.
    if (codes.includes('NOT_FOUND'))
      return fail(
        `not found: ${first}`,
        /definition/i.test(first)
          ? 'the custom-id metafield definition is gone (deleted in the admin?); the next run creates it again'
          : null,
      );
    if (codes.includes('VARIANT_THROTTLE_EXCEEDED'))
      return {
        kind: 'fail',
        error: new UpstreamError(SYSTEM, `daily variant limit: ${first}`, {
          retryable: false,
          status,
          code: 'VARIANT_THROTTLE_EXCEEDED',
          hint: 'the store has 50,000+ variants: Shopify allows 1,000 new ones a day; the rest are created on the next days',
        }),
      };
    if (codes.includes('MAX_COST_EXCEEDED'))
      return fail(`query too expensive: ${first}`, 'lower the page size');
    return fail(`GraphQL error: ${body.errors.map((e) => e.message).join('; ')}`, null);
  }
  if (body.data === undefined || body.data === null) return fail('response without data', null);
  return { kind: 'ok', data: body.data, fieldErrors: [] };
}

/** What Shopify's response headers say about the API version this client relies on. */
export type ApiNotice =
  | { readonly kind: 'deprecated'; readonly reason: string }
  | { readonly kind: 'version'; readonly requested: string; readonly served: string };

/**
 * Reads the two headers that warn before a breaking change: X-Shopify-API-Deprecated-Reason
 * (sent on calls that use a deprecated field; help.shopify.com/en/api/getting-started/
 * api-deprecations) and X-Shopify-API-Version, which names the version that answered: a
 * retired or unknown version is silently served as the oldest supported one
 * (shopify.dev/docs/api/usage/versioning).
 */
export function apiNotices(requestedVersion: string, headers: Headers): ApiNotice[] {
  const notices: ApiNotice[] = [];
  const reason = headers.get('x-shopify-api-deprecated-reason');
  if (reason) notices.push({ kind: 'deprecated', reason });
  const served = headers.get('x-shopify-api-version');
  if (served && served !== requestedVersion)
    notices.push({ kind: 'version', requested: requestedVersion, served });
  return notices;
}

/** Settles like `promise`, or rejects as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export function createShopifyGraphqlClient(
  options: ShopifyGraphqlClientOptions,
): ShopifyGraphqlClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const maxRetries = options.maxRetries ?? 5;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const retryMaxMs = options.retryMaxMs ?? 30_000;
  const random = options.random ?? Math.random;
  const policy = { baseMs: retryBaseMs, maxMs: retryMaxMs };
  const pacer = options.pacer ?? createCostPacer();
  const log = options.logger.child({ component: 'shopify-graphql' });
  const base = options.baseUrl?.replace(/\/+$/, '');
  let costPoints = 0;
  let throttled = 0;
  let requests = 0;
  // Each distinct notice is logged once per client (one run), not once per request.
  const noticed = new Set<string>();
  const notice = (operation: string, headers: Headers): void => {
    for (const n of apiNotices(options.apiVersion, headers)) {
      const key = n.kind === 'deprecated' ? `${operation}|${n.reason}` : `version|${n.served}`;
      if (noticed.has(key)) continue;
      noticed.add(key);
      if (n.kind === 'deprecated')
        log.warn(
          { operation, deprecatedReason: n.reason },
          'Shopify reports a deprecated API use; it will break in a later API version',
        );
      else
        log.warn(
          { requestedVersion: n.requested, servedVersion: n.served },
          'Shopify served another API version than requested (the requested one is unsupported): update SHOPIFY_API_VERSION',
        );
    }
  };

  const api = createAdminApiClient({
    // `demo` and `demo.myshopify.com` both name the shop.
    storeDomain: options.shop.includes('.') ? options.shop : `${options.shop}.myshopify.com`,
    apiVersion: options.apiVersion,
    accessToken: options.accessToken,
    retries: 0,
    // The library would otherwise console.warn about versions it does not know yet. Its other
    // entries carry the request headers (the token): never forward them.
    logger: (entry) => {
      if (entry.type === 'Unsupported_Api_Version')
        log.debug({ apiVersion: options.apiVersion }, 'api version not in the client library list');
    },
    customFetchApi: (url, init) => {
      const target = base ? String(url).replace(/^https?:\/\/[^/]+/, base) : String(url);
      return doFetch(target, init);
    },
  });

  const attempt = async (
    document: string,
    operation: string,
    variables: Readonly<Record<string, unknown>> | undefined,
    signal: AbortSignal | undefined,
    fieldErrorsAccepted: boolean,
  ): Promise<Outcome & { cost: ParsedBody['cost'] }> => {
    // Not AbortSignal.timeout(): its timer is unref'd, so a hung request would let the process exit.
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(new Error('timeout')), timeoutMs);
    const timeout = timer.signal;
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    requests += 1;
    let response: Response;
    let text: string;
    try {
      // Raced against the signal too: a transport that ignores it must not hang the run.
      response = await untilAborted(
        api.fetch(document, { variables: variables, signal: combined }),
        combined,
      );
      text = await untilAborted(response.text(), combined);
    } catch (error) {
      if (signal?.aborted) throw new AbortedError('shopify request aborted');
      const reason = timeout.aborted
        ? `timeout after ${timeoutMs} ms`
        : `network error: ${error instanceof Error ? error.message : String(error)}`;
      return { kind: 'retry', reason, status: null, waitMs: null, throttled: false, cost: null };
    } finally {
      clearTimeout(handle);
    }
    notice(operation, response.headers);
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    const body = parseGraphqlBody(json);
    const outcome = classifyResponse(
      response.status,
      text,
      body,
      parseRetryAfter(response.headers.get('retry-after'), Date.now()),
      fieldErrorsAccepted,
    );
    return { ...outcome, cost: body.cost };
  };

  return {
    async request<T>(
      document: string,
      variables?: Readonly<Record<string, unknown>>,
      requestOptions: RequestOptions = {},
    ): Promise<T> {
      const { signal } = requestOptions;
      const cost = requestOptions.estimatedCost ?? estimateQueryCost(document, variables);
      const operation = /\b(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'anonymous';
      let last: Extract<Outcome, { kind: 'retry' }> | null = null;
      for (let n = 0; n <= maxRetries; n++) {
        if (n > 0 && last) {
          // THROTTLED without Retry-After: the pacer's next acquire already waits for the bucket.
          const wait =
            last.throttled && last.waitMs === null
              ? Math.min(backoffMs(n - 1, policy, random), retryBaseMs)
              : retryWaitMs(n - 1, last.waitMs, policy, random);
          log.warn(
            { operation, attempt: n, reason: last.reason, waitMs: wait },
            'shopify request will be retried',
          );
          try {
            await abortableSleep(wait, signal);
          } catch {
            throw new AbortedError('shopify request aborted');
          }
        }
        let reservation;
        try {
          reservation = await pacer.acquire(cost, signal);
        } catch {
          throw new AbortedError('shopify request aborted');
        }
        let result;
        try {
          result = await attempt(
            document,
            operation,
            variables,
            signal,
            requestOptions.onFieldErrors !== undefined,
          );
        } catch (error) {
          reservation.settle(null);
          throw error;
        }
        reservation.settle(result.cost?.status ?? null);
        if (result.cost?.actual) costPoints += result.cost.actual;
        if (result.kind === 'ok') {
          if (result.fieldErrors.length > 0) requestOptions.onFieldErrors?.(result.fieldErrors);
          return result.data as T;
        }
        if (result.kind === 'fail') {
          log.error(
            { operation, status: result.error.status, hint: result.error.hint },
            result.error.message,
          );
          throw result.error;
        }
        if (result.throttled) throttled += 1;
        else if (requestOptions.idempotent === false) {
          log.error(
            { operation, status: result.status, reason: result.reason },
            'shopify mutation not retried: it may have been executed',
          );
          throw new UpstreamError(
            SYSTEM,
            `${operation} answer lost (${result.reason}); not sent again: Shopify may have executed it`,
            {
              retryable: true,
              status: result.status,
              hint: 'the next run looks in Shopify for what it wrote before writing again',
            },
          );
        }
        last = result;
      }
      const reason = last?.reason ?? 'unknown';
      throw new UpstreamError(
        SYSTEM,
        `${operation} failed after ${maxRetries + 1} attempts: ${reason}`,
        {
          retryable: true,
          status: last?.status ?? null,
          hint: last?.throttled
            ? 'Shopify kept throttling; the next run continues'
            : 'Shopify or the network is unavailable; the next run retries',
        },
      );
    },
    usage() {
      return { costPoints, throttled, requests };
    },
  };
}
