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
  /** Set when the order is larger than one read covers: nothing is written for it. */
  readonly truncated: string | null;
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
  /** null when Shopify has no such order (or it is not readable). */
  orderFulfilment(orderId: string, signal: AbortSignal): Promise<OrderFulfilment | null>;
  create(request: FulfilmentRequest, signal: AbortSignal): Promise<WriteResult<string>>;
  updateTracking(
    fulfillmentId: string,
    tracking: Tracking,
    notifyCustomer: boolean,
    signal: AbortSignal,
  ): Promise<WriteResult<null>>;
  cancel(fulfillmentId: string, signal: AbortSignal): Promise<WriteResult<null>>;
}
