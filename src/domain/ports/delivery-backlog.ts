import type { OrderPushState } from '../model/order.js';

/** What still waits for API X, as the metrics read it. */
export interface DeliveryBacklog {
  /**
   * When the oldest change still waiting for delivery (pending or failed, so not dead or
   * skipped) happened in Shopify; null when nothing waits. Its age is the delivery freshness.
   */
  oldestUndeliveredSince(): Promise<Date | null>;
  backlog(): Promise<Readonly<Record<OrderPushState | 'skipped' | 'deleted', number>>>;
}
