import { UpstreamError } from '../../domain/errors.js';
import type { ThrottleStatus } from './cost-pacer.js';

/**
 * What one answer of Shopify's Admin GraphQL API says: its envelope read without trusting it
 * (parseGraphqlBody), and the one table of what a status and error code mean (classifyResponse).
 * Pure: the client does the sending and the waiting.
 */

const SYSTEM = 'shopify';

/** A GraphQL error about one field of an otherwise answered query. */
export interface GraphqlFieldError {
  readonly message: string;
  readonly code: string | null;
  /** From the root field to the withheld one, e.g. `['orders', 'nodes', 3, 'email']`. */
  readonly path: readonly (string | number)[];
}

export type Outcome =
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

export interface ParsedBody {
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
