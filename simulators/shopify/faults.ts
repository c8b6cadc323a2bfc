import type { BulkErrorCode } from './bulk-types.js';
/** Bodies Shopify sends with non-200 statuses (JSON, `errors` as a string). */
export const STATUS_BODIES: Readonly<Record<number, string>> = {
  401: '[API] Invalid API key or access token (unrecognized login or wrong password)',
  402: 'Unavailable Shop',
  403: '[API] This action requires merchant approval for write_products scope.',
  404: 'Not Found',
  423: 'Locked',
  429: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** What the next GraphQL request(s) should suffer instead of a normal answer. */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'drop' }
  | { readonly kind: 'throttle' };

/** A fault request as accepted by `POST /_sim/faults` (JSON) and by `faults.inject`. */
export type FaultRequest =
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly count?: number;
      readonly retryAfterSeconds?: number;
    }
  | { readonly kind: 'drop'; readonly count?: number }
  | { readonly kind: 'throttle'; readonly count?: number }
  | { readonly kind: 'latency'; readonly ms: number; readonly count?: number }
  | { readonly kind: 'bulk-fail'; readonly afterRows?: number; readonly partial?: boolean }
  | { readonly kind: 'lose-answer'; readonly rootField: string; readonly count?: number }
  | { readonly kind: 'download-throttle'; readonly retryAfterSeconds: number }
  | { readonly kind: 'clear' };

/** Fault injection for the GraphQL endpoint. Faults queue up and are served in order. */
export interface ShopifyFaults {
  /** Next `count` responses get `status` with Shopify's body (429 carries Retry-After). */
  failNext(count: number, status: number, options?: { retryAfterSeconds?: number }): void;
  /** Next `count` requests have their socket destroyed without an answer. */
  dropNext(count: number): void;
  /** Next `count` requests are answered THROTTLED whatever the bucket holds. */
  throttleNext(count: number): void;
  /** Adds `ms` before answering the next `count` requests (every request when count is omitted). */
  latency(ms: number, count?: number): void;
  /** The next bulk operation fails after `afterRows` rows (partial result file when `partial`). */
  failNextBulk(options?: {
    afterRows?: number;
    partial?: boolean;
    errorCode?: BulkErrorCode;
  }): void;
  /**
   * The next `count` requests for `rootField` are executed, then their socket is destroyed: the
   * change is made and the answer never arrives. A timeout or 5xx from Shopify's edge does not say
   * whether a mutation ran; the schema's `@idempotent` directive ("Enables idempotent mutation
   * execution", admin_2026-10.json.gz) exists for this case. The stricter reading: it ran.
   */
  loseAnswerOf(rootField: string, count?: number): void;
  /**
   * The next bulk result download is answered 429 with `Retry-After: seconds`, and so is every
   * download that comes before those seconds have passed (Retry-After then says what is left).
   * Sources: RFC 9110 §10.2.3 (Retry-After: how long "the user agent ought to wait before making
   * a follow-up request") and RFC 6585 §4 (429 Too Many Requests "MAY include a Retry-After
   * header"); shopify.dev/docs/api/admin-rest/usage/rate-limits (a 429 carries Retry-After, the
   * seconds to wait). Shopify's docs say nothing of the storage host that serves result files:
   * the stricter reading is taken, that it may rate-limit the same way and refuses a client that
   * comes back early.
   */
  throttleNextDownload(retryAfterSeconds: number): void;
  inject(request: FaultRequest): void;
  clear(): void;
  /** Used by the server, after executing `query`: whether its answer is to be lost. */
  takeLostAnswer(query: string): boolean;
  /** Used by the server: the fault for this request, if any. */
  take(): Fault | null;
  /** Used by the server: delay for this request. */
  takeDelay(): number;
  /** Used by the server, per result download: the Retry-After seconds of a 429, or null to serve it. */
  takeDownloadRefusal(nowMs: number): number | null;
}

export function createFaults(
  failNextBulk: (options?: {
    afterRows?: number;
    partial?: boolean;
    errorCode?: BulkErrorCode;
  }) => void,
): ShopifyFaults {
  const queue: Fault[] = [];
  let delay: { ms: number; remaining: number | null } | null = null;
  const lose: string[] = [];
  // Armed: the next download starts the refusal; until: downloads before it are refused.
  let downloads: { armed: number } | { until: number } | null = null;
  const faults: ShopifyFaults = {
    failNext(count, status, options = {}) {
      for (let i = 0; i < count; i++) queue.push({ kind: 'status', status, ...options });
    },
    dropNext(count) {
      for (let i = 0; i < count; i++) queue.push({ kind: 'drop' });
    },
    throttleNext(count) {
      for (let i = 0; i < count; i++) queue.push({ kind: 'throttle' });
    },
    latency(ms, count) {
      delay = { ms, remaining: count ?? null };
    },
    failNextBulk,
    loseAnswerOf(rootField, count = 1) {
      for (let i = 0; i < count; i++) lose.push(rootField);
    },
    throttleNextDownload(retryAfterSeconds) {
      downloads = { armed: retryAfterSeconds };
    },
    inject(r) {
      switch (r.kind) {
        case 'status':
          return faults.failNext(
            r.count ?? 1,
            r.status,
            r.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: r.retryAfterSeconds },
          );
        case 'drop':
          return faults.dropNext(r.count ?? 1);
        case 'throttle':
          return faults.throttleNext(r.count ?? 1);
        case 'latency':
          return faults.latency(r.ms, r.count);
        case 'bulk-fail':
          return failNextBulk(r);
        case 'lose-answer':
          return faults.loseAnswerOf(r.rootField, r.count);
        case 'download-throttle':
          return faults.throttleNextDownload(r.retryAfterSeconds);
        case 'clear':
          return faults.clear();
      }
    },
    clear() {
      queue.length = 0;
      lose.length = 0;
      delay = null;
      downloads = null;
    },
    takeLostAnswer(query) {
      const i = lose.findIndex((field) => new RegExp(`\\b${field}\\s*\\(`).test(query));
      if (i < 0) return false;
      lose.splice(i, 1);
      return true;
    },
    take: () => queue.shift() ?? null,
    takeDownloadRefusal(nowMs) {
      if (downloads === null) return null;
      if ('armed' in downloads) {
        const seconds = downloads.armed;
        downloads = { until: nowMs + seconds * 1000 };
        return seconds;
      }
      if (nowMs >= downloads.until) {
        downloads = null;
        return null;
      }
      // delay-seconds is a whole number (RFC 9110 §10.2.3): round up, never ask for too little.
      return Math.ceil((downloads.until - nowMs) / 1000);
    },
    takeDelay() {
      if (!delay) return 0;
      const ms = delay.ms;
      if (delay.remaining !== null && --delay.remaining <= 0) delay = null;
      return ms;
    },
  };
  return faults;
}

/** Parses a `POST /_sim/faults` body; null when it is not a fault request. */
export function parseFaultRequest(body: unknown): FaultRequest | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const num = (k: string): number | undefined => (typeof b[k] === 'number' ? b[k] : undefined);
  const count = num('count');
  switch (b['kind']) {
    case 'status': {
      const status = num('status');
      if (status === undefined) return null;
      const retryAfterSeconds = num('retryAfterSeconds');
      return {
        kind: 'status',
        status,
        ...(count === undefined ? {} : { count }),
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      };
    }
    case 'drop':
    case 'throttle':
      return { kind: b['kind'], ...(count === undefined ? {} : { count }) };
    case 'latency': {
      const ms = num('ms');
      return ms === undefined
        ? null
        : { kind: 'latency', ms, ...(count === undefined ? {} : { count }) };
    }
    case 'bulk-fail': {
      const afterRows = num('afterRows');
      return {
        kind: 'bulk-fail',
        partial: b['partial'] === true,
        ...(afterRows === undefined ? {} : { afterRows }),
      };
    }
    case 'lose-answer':
      return typeof b['rootField'] === 'string' && /^\w+$/.test(b['rootField'])
        ? {
            kind: 'lose-answer',
            rootField: b['rootField'],
            ...(count === undefined ? {} : { count }),
          }
        : null;
    case 'download-throttle': {
      const retryAfterSeconds = num('retryAfterSeconds');
      return retryAfterSeconds === undefined || retryAfterSeconds < 0
        ? null
        : { kind: 'download-throttle', retryAfterSeconds };
    }
    case 'clear':
      return { kind: 'clear' };
    default:
      return null;
  }
}
