import type { Order } from '../model/order.js';
import type { OrderCursors } from './order-cursors.js';

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
  /**
   * Orders left out, in none of the counts above: a tombstone says Shopify deleted them
   * (OrderDeletions.markDeleted), though this read still served them. Absent when none.
   */
  readonly deleted?: number;
}

/**
 * Where fetched orders land: storing a page and moving the stream's cursor happen in one
 * transaction, so a crash never skips an order.
 */
export interface OrderIntake extends OrderCursors {
  storePage(
    orders: readonly StoredOrderInput[],
    stream: string,
    cursor: string | null,
  ): Promise<StorePageResult>;
  /** Read-only: how a page would be stored (for --dry-run). */
  previewPage(orders: readonly StoredOrderInput[]): Promise<StorePageResult>;
  /** Of these (id, updatedAt) stamps, the ids stored at that updatedAt or later. */
  storedSince(
    stamps: readonly { readonly id: string; readonly updatedAt: string }[],
  ): Promise<ReadonlySet<string>>;
  /**
   * The stored side of a window: orders stored with `updatedAt >= since` (deleted ones left out,
   * as Shopify leaves them out) and the newest such `updatedAt`.
   */
  storedWindow(since: string): Promise<{ count: number; newestUpdatedAt: string | null }>;
}
