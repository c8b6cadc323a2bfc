import type { Order } from '../model/order.js';
import type { Parsed } from '../model/record-error.js';

export interface FetchedOrder {
  readonly order: Order;
  /** The order as Shopify sent it, kept for audit and for re-mapping without a refetch. */
  readonly raw: unknown;
}

/** One page of orders, oldest `updatedAt` first. */
export interface OrderPage {
  readonly orders: readonly Parsed<FetchedOrder>[];
  /** Greatest `updatedAt` on this page (also of malformed orders), or null for an empty page. */
  readonly maxUpdatedAt: string | null;
  /**
   * Protected customer fields Shopify withheld on this page (e.g. `email`, `customer`,
   * `shippingAddress`): the app lacks protected-customer-data approval. Those orders come
   * through with the fields empty. Absent or empty when nothing was withheld.
   */
  readonly withheld?: readonly string[];
}

/**
 * Shopify as the source of orders: every order with `updatedAt >= since`, sorted by `updatedAt`,
 * in pages of up to 250. Orders with more line items than one nested page are completed by the
 * adapter before the page is yielded.
 */
export interface OrderSource {
  ordersUpdatedSince(since: string, signal?: AbortSignal): AsyncIterable<OrderPage>;
  usage(): { readonly costPoints: number; readonly throttled: number; readonly requests: number };
}
