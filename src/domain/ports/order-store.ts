import type { Order, OrderPushState } from '../model/order.js';

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

export interface StoredOrderInput {
  readonly order: Order;
  readonly raw: unknown;
  readonly payloadHash: string;
  /** false for orders that are never pushed (test orders when ORDERS_SKIP_TEST). */
  readonly push: boolean;
}

export interface StorePageResult {
  readonly inserted: number;
  readonly changed: number;
  readonly unchanged: number;
}

/** An order found deleted in Shopify, with what API X had of it when it was marked. */
export interface DeletedOrder {
  readonly shopifyId: string;
  readonly name: string;
  /** API X's reference when API X received some version of it, else null. */
  readonly apixReference: string | null;
  readonly pushedVersion: number | null;
  /** The push state it had: `pending`/`failed` mean a change of it never reached API X. */
  readonly previousState: string;
  /**
   * The version a push of it had in flight (sent, no answer recorded), else null: API X may hold
   * that version though no reference was recorded.
   */
  readonly inflightVersion: number | null;
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
 * The orders outbox in Postgres. Storing a page and moving the cursor happen in one transaction,
 * so a crash never skips an order; claims use FOR UPDATE SKIP LOCKED so concurrent pushers never
 * send the same order twice at once.
 */
export interface OrderStore {
  cursor(stream: string): Promise<string | null>;
  storePage(
    orders: readonly StoredOrderInput[],
    stream: string,
    cursor: string | null,
  ): Promise<StorePageResult>;
  /** Of these (id, updatedAt) stamps, the ids stored at that updatedAt or later. */
  storedSince(
    stamps: readonly { readonly id: string; readonly updatedAt: string }[],
  ): Promise<ReadonlySet<string>>;
  /**
   * The stored side of a window: orders stored with `updatedAt >= since` (deleted ones left out,
   * as Shopify leaves them out) and the newest such `updatedAt`.
   */
  storedWindow(since: string): Promise<{ count: number; newestUpdatedAt: string | null }>;
  /**
   * Orders created before `at` that API X may still expect changes for (not cancelled, not fully
   * refunded, meant for delivery): what a 60-day read window no longer sees.
   */
  openOrdersCreatedBefore(at: Date): Promise<number>;
  /**
   * Marks these orders deleted in Shopify (state `deleted`: never pushed again) and moves the
   * stream's cursor, in one transaction. Returns the orders newly marked; ids not stored, or
   * already marked, are left out.
   */
  markDeleted(
    shopifyIds: readonly string[],
    stream: string,
    cursor: string,
  ): Promise<readonly DeletedOrder[]>;
  /** Read-only: how a page would be stored (for --dry-run). */
  previewPage(orders: readonly StoredOrderInput[]): Promise<StorePageResult>;
  claimDue(limit: number, claimSeconds: number): Promise<readonly DueOrder[]>;
  /**
   * Logs each attempt and moves its order on (pushed, back to pending, failed, dead), all in one
   * transaction: the pusher writes the outcomes that finished while its last write ran together.
   */
  recordAttempts(attempts: readonly RecordedPush[]): Promise<void>;
  countDue(): Promise<number>;
  /**
   * When the oldest change still waiting for delivery (pending or failed, so not dead or
   * skipped) happened in Shopify; null when nothing waits. Its age is the delivery freshness.
   */
  oldestUndeliveredSince(): Promise<Date | null>;
  backlog(): Promise<Readonly<Record<OrderPushState | 'skipped' | 'deleted', number>>>;
}
