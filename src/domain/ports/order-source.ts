import type { Order } from '../model/order.js';
import type { Parsed } from '../model/record-error.js';
import type { UnstorableUnit } from '../storable-text.js';

/** A text field of an order whose units PostgreSQL cannot store were replaced by U+FFFD. */
export interface RepairedText extends UnstorableUnit {
  /** The field's path in Shopify's order (`shippingAddress.address1`, `lineItems.nodes.0.title`). */
  readonly field: string;
}

export interface FetchedOrder {
  readonly order: Order;
  /** The order as Shopify sent it, kept for audit and for re-mapping without a refetch. */
  readonly raw: unknown;
  /** Text fields sent with U+FFFD in place of what could not be stored (first unit of each). */
  readonly repaired?: readonly RepairedText[];
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
  /** Orders of the window the cheap first read found already stored unchanged (not fetched). */
  readonly skipped?: number;
  /**
   * When the read behind this page began, if before the run did: a bulk export started by an
   * earlier run and adopted by this one (Shopify's createdAt). Absent: during this run.
   */
  readonly readFrom?: string;
}

/** An order's `destroy` event: its GID and when Shopify deleted it (RFC 3339). */
export interface OrderDestroyed {
  readonly id: string;
  readonly deletedAt: string;
}

/** An order as the cheap first read of a window sees it. */
export interface OrderStamp {
  readonly id: string;
  readonly updatedAt: string;
}

/** Of these stamps, the ids already stored at that `updatedAt` or later: not fetched again. */
export type KnownOrders = (stamps: readonly OrderStamp[]) => Promise<ReadonlySet<string>>;

/**
 * A window in brief: how many orders it holds and the newest `updatedAt` among them. Shopify's
 * (an `ordersCount` and one stamp) set against the stored one says whether anything is to read.
 */
export interface WindowSummary {
  readonly count: number;
  readonly newestUpdatedAt: string | null;
}

/** True when Shopify's summary of the window proves every order in it is stored as it is. */
export type UnchangedWindow = (shopify: WindowSummary) => Promise<boolean>;

/**
 * Shopify as the source of orders: every order with `updatedAt >= since`, sorted by `updatedAt`,
 * in pages of up to 250. Orders with more line items than one nested page are completed by the
 * adapter before the page is yielded.
 */
export interface OrderSource {
  /**
   * With `known`, the window is first read cheaply (ids and updatedAt) and only orders `known`
   * does not vouch for are fetched in full; pages then hold only those (see `skipped`). With
   * `unchanged` too, a window small enough for pages is first summarised (a few points): when
   * `unchanged` vouches for it, one empty page (`skipped` = its count) is all that comes.
   */
  ordersUpdatedSince(
    since: string,
    signal?: AbortSignal,
    known?: KnownOrders,
    unchanged?: UnchangedWindow,
  ): AsyncIterable<OrderPage>;
  /**
   * Orders deleted in Shopify at or after `since` (RFC 3339), from Shopify's `destroy` events:
   * a deleted order simply stops appearing in reads, this is its only trace.
   */
  deletedOrdersSince(since: string, signal?: AbortSignal): AsyncIterable<OrderDestroyed>;
  /** Whether the app has `read_all_orders` (orders older than 60 days are readable). */
  readsAllOrders(signal?: AbortSignal): Promise<boolean>;
  usage(): { readonly costPoints: number; readonly throttled: number; readonly requests: number };
}
