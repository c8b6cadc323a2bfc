import type { Order } from '../model/order.js';

/** An order as the push step claims it from the outbox. */
export interface DueOrder {
  readonly shopifyId: string;
  readonly name: string;
  readonly version: number;
  /** The version being sent and its content (the newest stored; the key derives from it). */
  readonly inflightVersion: number;
  readonly payload: Order;
  readonly apixReference: string | null;
  readonly attempts: number;
}

export type AttemptOutcome =
  | { readonly kind: 'accepted'; readonly reference: string }
  | { readonly kind: 'retry'; readonly reason: string; readonly nextAttemptAt: Date }
  | { readonly kind: 'dead'; readonly reason: string };

/** One push attempt to record: the claimed order, the request sent, what happens next. */
export interface RecordedPush {
  readonly order: DueOrder;
  readonly attempt: {
    readonly kind: 'create' | 'update';
    readonly idempotencyKey: string;
    readonly runId: string;
  };
  readonly outcome: AttemptOutcome;
}

/**
 * The push side of the orders outbox. Claims use FOR UPDATE SKIP LOCKED so concurrent pushers
 * never send the same order twice at once.
 */
export interface OrderOutbox {
  claimDue(limit: number, claimSeconds: number): Promise<readonly DueOrder[]>;
  /**
   * Logs each attempt and moves its order on (pushed, back to pending, failed, dead), all in one
   * transaction: the pusher writes the outcomes that finished while its last write ran together.
   */
  recordAttempts(attempts: readonly RecordedPush[]): Promise<void>;
  countDue(): Promise<number>;
}
