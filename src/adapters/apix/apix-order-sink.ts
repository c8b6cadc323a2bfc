import type { Order } from '../../domain/model/order.js';
import type { OrderSink, PushOutcome } from '../../domain/ports/order-sink.js';
import type { ApixHttp, ApixRequestLimits } from './apix-http.js';
import { ApixHttpError, describeApixErrorBody, isTransientStatus } from './apix-http-error.js';
import { describeUnstorable, unstorableAt } from '../../domain/storable-text.js';
import { toApixOrder } from './to-apix-order.js';

export interface ApixOrderSinkOptions {
  /**
   * In-process retries per push, overriding the transport's `maxRetries`. Keep it small: the
   * caller schedules durable retries from the `retry` outcome. Default: the transport's.
   */
  readonly retries?: number;
}

/**
 * What a failed push means for the order. Problems that are not the order's fault and would hit
 * every order alike (bad token, contract violation, cancellation) are thrown instead, so a bad
 * configuration fails the run rather than dead-lettering every order.
 */
export function pushOutcomeFromError(error: unknown): PushOutcome {
  if (!(error instanceof ApixHttpError)) throw error;
  const { status, body } = error;
  if (status === null) {
    if (!error.retryable) throw error;
    return { kind: 'retry', reason: error.message, retryAfterMs: null };
  }
  if (status === 401 || status === 403) throw error;
  if (status === 409 && body?.code === 'order_exists' && usableReference(body.reference)) {
    // The order reached API X under another key (a crash, a lost or restored database): what it
    // holds may be an older version, so the caller sends this one as an update.
    return { kind: 'exists', reference: body.reference };
  }
  if (status === 422 && body?.code === 'idempotency_key_reused') {
    return { kind: 'key-reused', reason: describeApixErrorBody(body) };
  }
  // Another request with this key is still being processed: ask again later.
  if (isTransientStatus(status) || status === 409) {
    return { kind: 'retry', reason: error.message, retryAfterMs: error.retryAfterMs };
  }
  return { kind: 'rejected', status, reason: body ? describeApixErrorBody(body) : error.message };
}

/**
 * A reference is stored and sent back in later paths as API X gave it. One with a lone UTF-16
 * surrogate or a NUL cannot be (storable-text.ts: PostgreSQL would refuse it or store U+FFFD, a
 * reference to no order; encodeURIComponent throws on it), so it is treated as no reference.
 */
function usableReference(reference: unknown): reference is string {
  return typeof reference === 'string' && reference !== '' && unstorableAt(reference) === null;
}

function acceptedFrom(data: unknown, path: string): PushOutcome {
  const reference =
    typeof data === 'object' && data !== null
      ? (data as Record<string, unknown>)['reference']
      : undefined;
  if (usableReference(reference)) return { kind: 'accepted', reference };
  const broken = typeof reference === 'string' ? unstorableAt(reference) : null;
  // Safe to ask again: the Idempotency-Key makes API X answer the same order. An answer that
  // stays unusable ends, after ORDERS_MAX_ATTEMPTS, as a dead order with this reason.
  return {
    kind: 'retry',
    reason:
      broken === null
        ? `${path} answered 2xx without a reference`
        : `${path} answered a reference with a broken character (${describeUnstorable(broken)})`,
    retryAfterMs: null,
  };
}

/**
 * The longest one push can take with these limits: every try (the first and `retries` more)
 * runs to its timeout (axios-retry's shouldResetTimeout gives each try the full timeout), with
 * the longest wait between tries (a Retry-After longer than `maxDelayMs` is not waited for in
 * process: the push answers `retry` instead). Defaults (APIX_TIMEOUT_MS 15 s, APIX_MAX_RETRIES 3,
 * 5 s): 4 x 15 s + 3 x 5 s = 75 s.
 */
export function worstCaseSendMs(limits: ApixRequestLimits, retries = limits.maxRetries): number {
  const tries = retries + 1;
  return tries * limits.timeoutMs + retries * limits.maxDelayMs;
}

export function createApixOrderSink(http: ApixHttp, options: ApixOrderSinkOptions = {}): OrderSink {
  const worst = worstCaseSendMs(http.limits, options.retries);
  async function push(
    method: 'POST' | 'PUT',
    path: string,
    order: Order,
    idempotencyKey: string,
    signal: AbortSignal | undefined,
  ): Promise<PushOutcome> {
    if (idempotencyKey.trim() === '')
      throw new RangeError('an order push needs a non-empty idempotency key');
    // The worst case is a promise (the push's claim timing rests on it), but axios' timeout is a
    // connect timer, then socket inactivity: an answer trickling a byte every few seconds keeps a
    // try alive indefinitely. The send is cut at its worst case; the order is asked again later.
    const deadline = AbortSignal.timeout(worst);
    try {
      const response = await http.client.request<unknown>({
        method,
        url: path,
        data: toApixOrder(order),
        headers: { 'Idempotency-Key': idempotencyKey, 'Content-Type': 'application/json' },
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
        ...(options.retries === undefined ? {} : { 'axios-retry': { retries: options.retries } }),
      });
      return acceptedFrom(response.data, path);
    } catch (error) {
      if (deadline.aborted && signal?.aborted !== true)
        return {
          kind: 'retry',
          reason: `${method} ${path} timed out: no complete answer within ${worst} ms (the send's deadline)`,
          retryAfterMs: null,
        };
      return pushOutcomeFromError(error);
    }
  }

  return {
    worstCaseSendMs: worst,
    createOrder: (order, key, signal) => push('POST', '/v1/orders', order, key, signal),
    updateOrder: (reference, order, key, signal) =>
      push('PUT', `/v1/orders/${encodeURIComponent(reference)}`, order, key, signal),
  };
}
