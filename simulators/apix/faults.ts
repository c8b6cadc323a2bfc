import { createRandom, hashSeed } from './catalog-generator.js';

/** The endpoints of docs/api-x.openapi.yaml, as the simulator counts and targets them. */
export type ApixEndpoint =
  | 'GET /v1/categories'
  | 'GET /v1/products'
  | 'GET /v1/prices'
  | 'GET /v1/shipments'
  | 'GET /v1/stock'
  | 'POST /v1/orders'
  | 'PUT /v1/orders/{reference}';

export interface FailureSpec {
  /** HTTP status to answer with (e.g. 500, 503, 429, 408). */
  readonly status: number;
  /** Sent as the Retry-After header verbatim: seconds ("2") or an HTTP date. */
  readonly retryAfter?: string | number;
  /** Only this endpoint; default every endpoint. */
  readonly endpoint?: ApixEndpoint;
}

export type FaultAction =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter: string | null }
  | { readonly kind: 'reset' }
  | { readonly kind: 'garbage'; readonly body: string }
  | { readonly kind: 'slow'; readonly ms: number };

/**
 * What can go wrong on the wire, switched on by tests. Checked once per request, before
 * authentication and routing, in this order: outage, queued next-N faults, failure rate.
 */
export interface Faults {
  /** Extra latency added to every request (on top of the simulator's `latencyMs`). */
  setLatency(ms: number): void;
  latencyMs(): number;
  /** The next `count` requests (to `endpoint`, if given) fail with `status`. */
  failNext(count: number, spec: FailureSpec): void;
  /** Each request fails with probability `rate` (deterministic sequence from the seed). */
  setFailureRate(rate: number, spec: FailureSpec): void;
  /** The next `count` requests have their connection destroyed without a response. */
  resetNext(count: number, endpoint?: ApixEndpoint): void;
  /** The next `count` requests get 200 with `body` (default: an HTML page, not JSON). */
  garbageNext(count: number, endpoint?: ApixEndpoint, body?: string): void;
  /** The next `count` requests (to `endpoint`, if given) are answered normally, `ms` late. */
  slowNext(count: number, ms: number, endpoint?: ApixEndpoint): void;
  /** Every request gets `status` (default 503) until `clear()` or for `durationMs`. */
  outage(options?: { durationMs?: number; status?: number; retryAfter?: string | number }): void;
  clear(): void;
  decide(endpoint: ApixEndpoint | null): FaultAction | null;
}

interface Queued {
  remaining: number;
  endpoint: ApixEndpoint | undefined;
  action: FaultAction;
}

function statusAction(spec: {
  status: number;
  retryAfter?: string | number | undefined;
}): FaultAction {
  return {
    kind: 'status',
    status: spec.status,
    retryAfter: spec.retryAfter === undefined ? null : String(spec.retryAfter),
  };
}

export function createFaults(seed: number, now: () => number = Date.now): Faults {
  let latency = 0;
  let queue: Queued[] = [];
  let rate: { rate: number; spec: FailureSpec } | null = null;
  let outage: { until: number; action: FaultAction } | null = null;
  const random = createRandom(hashSeed(seed, 'faults'));

  const matches = (wanted: ApixEndpoint | undefined, endpoint: ApixEndpoint | null) =>
    wanted === undefined || wanted === endpoint;
  const enqueue = (remaining: number, endpoint: ApixEndpoint | undefined, action: FaultAction) => {
    if (remaining > 0) queue.push({ remaining, endpoint, action });
  };

  return {
    setLatency: (ms) => (latency = Math.max(0, ms)),
    latencyMs: () => latency,
    failNext: (count, spec) => enqueue(count, spec.endpoint, statusAction(spec)),
    setFailureRate: (r, spec) => (rate = r > 0 ? { rate: r, spec } : null),
    resetNext: (count, endpoint) => enqueue(count, endpoint, { kind: 'reset' }),
    garbageNext: (count, endpoint, body = '<html>not json</html>') =>
      enqueue(count, endpoint, { kind: 'garbage', body }),
    slowNext: (count, ms, endpoint) => enqueue(count, endpoint, { kind: 'slow', ms }),
    outage(options = {}) {
      outage = {
        until:
          options.durationMs === undefined ? Number.POSITIVE_INFINITY : now() + options.durationMs,
        action: statusAction({ status: options.status ?? 503, retryAfter: options.retryAfter }),
      };
    },
    clear() {
      latency = 0;
      queue = [];
      rate = null;
      outage = null;
    },
    decide(endpoint) {
      if (outage && now() < outage.until) return outage.action;
      outage = null;
      const queued = queue.find((q) => matches(q.endpoint, endpoint));
      if (queued) {
        queued.remaining -= 1;
        queue = queue.filter((q) => q.remaining > 0);
        return queued.action;
      }
      if (rate && matches(rate.spec.endpoint, endpoint) && random() < rate.rate)
        return statusAction(rate.spec);
      return null;
    },
  };
}
