import type { Order } from '../model/order.js';

/**
 * What API X answered to one order push. `rejected` is final (4xx other than 408/429: the order
 * itself is at fault and retrying cannot help); `retry` is transient (network error, timeout, 408,
 * 429, 5xx) and carries the server's Retry-After when it sent one.
 */
export type PushOutcome =
  | { readonly kind: 'accepted'; readonly reference: string }
  /**
   * API X already holds this order (received under another key: a lost database, an old backup,
   * a crash): a fact to reconcile by sending this content as an update of `reference`.
   */
  | { readonly kind: 'exists'; readonly reference: string }
  /** The key is bound to a different request at API X; nothing was applied. */
  | { readonly kind: 'key-reused'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly status: number; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs: number | null };

/**
 * API X as the receiver of web orders. The idempotency key makes a repeated call (after a crash
 * or a lost response) return the first result instead of creating a second order.
 */
export interface OrderSink {
  /**
   * The longest one createOrder or updateOrder call can take before it answers, in ms, as the
   * sink is configured (every try timing out, the longest wait between tries). The push derives
   * from it how long a claimed order may wait for a slot and still be sent within its claim.
   */
  readonly worstCaseSendMs: number;
  createOrder(order: Order, idempotencyKey: string, signal?: AbortSignal): Promise<PushOutcome>;
  /** Sends a later version (cancellation, refund, fulfilment) of an order API X accepted. */
  updateOrder(
    reference: string,
    order: Order,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<PushOutcome>;
}
