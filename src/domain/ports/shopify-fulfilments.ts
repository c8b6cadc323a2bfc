import type { ShipmentLine, Tracking } from '../model/shipment.js';

export interface FulfillmentOrderView {
  readonly id: string;
  /** OPEN and IN_PROGRESS can be fulfilled; CLOSED, CANCELLED and others cannot. */
  readonly status: string;
  readonly locationId: string | null;
  readonly lines: readonly {
    readonly id: string;
    readonly lineItemId: string;
    readonly remaining: number;
  }[];
}

export interface FulfilmentView {
  readonly id: string;
  readonly status: string;
  readonly createdAt: string;
  readonly locationId: string | null;
  readonly trackingNumbers: readonly string[];
  readonly lines: readonly ShipmentLine[];
}

export interface OrderFulfilment {
  readonly fulfillmentOrders: readonly FulfillmentOrderView[];
  readonly fulfilments: readonly FulfilmentView[];
}

export interface FulfilmentRequest {
  readonly groups: readonly {
    readonly fulfillmentOrderId: string;
    readonly items: readonly { readonly id: string; readonly quantity: number }[];
  }[];
  readonly tracking: Tracking | null;
  readonly notifyCustomer: boolean;
}

/** A Shopify answer to a write: done, or refused with its userErrors (field: message). */
export type WriteResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Fulfilment in Shopify: read an order's fulfillment orders and fulfilments, and write them. */
export interface ShopifyFulfilments {
  /**
   * Each order's fulfillment orders and fulfilments, whole whatever their number (read in
   * batches); null for an order Shopify does not have (or does not show).
   */
  orderFulfilments(
    orderIds: readonly string[],
    signal: AbortSignal,
  ): Promise<ReadonlyMap<string, OrderFulfilment | null>>;
  create(request: FulfilmentRequest, signal: AbortSignal): Promise<WriteResult<string>>;
  updateTracking(
    fulfillmentId: string,
    tracking: Tracking,
    notifyCustomer: boolean,
    signal: AbortSignal,
  ): Promise<WriteResult<null>>;
  cancel(fulfillmentId: string, signal: AbortSignal): Promise<WriteResult<null>>;
}
