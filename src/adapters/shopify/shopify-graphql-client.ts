import { createAdminApiClient } from '@shopify/admin-api-client';
import { AbortedError, UpstreamError } from '../../domain/errors.js';
import type { Logger } from '../../domain/ports/logger.js';
import { parseRetryAfter } from '../../domain/retry-policy.js';
import { untilAborted } from '../../infra/until-aborted.js';
import { createApiNoticeLog } from './api-notices.js';
import { createCostPacer, type CostPacer } from './cost-pacer.js';
import {
  classifyResponse,
  parseGraphqlBody,
  type GraphqlFieldError,
  type Outcome,
  type ParsedBody,
} from './graphql-response.js';
import { estimateQueryCost } from './query-cost.js';
import { createReadRetry } from './read-retry.js';

const SYSTEM = 'shopify';

/** UpstreamError.code of a request not sent again (`idempotent: false`) after its answer was lost. */
export const ANSWER_LOST = 'ANSWER_LOST';

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
  const notice = createApiNoticeLog(options.apiVersion, log);

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
      const retry = createReadRetry({
        retries: maxRetries,
        policy,
        random,
        signal,
        onRetry: (failure, attempt, waitMs) =>
          log.warn(
            { operation, attempt, reason: failure.reason, waitMs },
            'shopify request will be retried',
          ),
      });
      for (;;) {
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
              code: ANSWER_LOST,
              hint: 'the next run looks in Shopify for what it wrote before writing again',
            },
          );
        }
        last = result;
        let again: boolean;
        try {
          again = await retry.again({
            reason: result.reason,
            retryAfterMs: result.waitMs,
            // THROTTLED without Retry-After: the pacer's next acquire already waits for the bucket.
            ...(result.throttled && result.waitMs === null ? { maxWaitMs: retryBaseMs } : {}),
          });
        } catch {
          throw new AbortedError('shopify request aborted');
        }
        if (!again) break;
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
