/**
 * A shipment API X's warehouse made for a pushed order (docs/api-x.openapi.yaml, `Shipment`),
 * and how the shipments step records what it did with it in Shopify.
 */

export interface ShipmentLine {
  /** The pushed order line's externalId: the Shopify line item GID. */
  readonly lineItemId: string;
  readonly quantity: number;
}

export interface Shipment {
  readonly id: string;
  /** The Shopify order GID, or null when API X named the order by its reference only. */
  readonly orderId: string | null;
  readonly orderReference: string | null;
  readonly warehouseId: string | null;
  readonly locationId: string | null;
  readonly lines: readonly ShipmentLine[];
  readonly carrier: string | null;
  readonly trackingNumbers: readonly string[];
  readonly trackingUrl: string | null;
  readonly shippedAt: string;
  readonly cancelled: boolean;
  readonly updatedAt: string;
}

/** Tracking as sent to Shopify (FulfillmentTrackingInput with `numbers`/`urls`). */
export interface Tracking {
  readonly company: string | null;
  readonly numbers: readonly string[];
  /** One per number (Shopify matches them by position), or empty. */
  readonly urls: readonly string[];
}

/**
 * - `intent`: a fulfilment is about to be created (recorded BEFORE the write); after a crash the
 *   order's fulfilments are searched for it before anything is written again;
 * - `fulfilled`: Shopify holds `fulfillmentId` for this shipment;
 * - `cancelled`: API X cancelled it (and its fulfilment, if any, was cancelled);
 * - `held`: bad input or a refusal; named in record errors, retried when API X changes it, and
 *   every run while `waiting` (a Shopify state that passes on its own, such as a hold);
 * - `left-alone`: the order was fulfilled in Shopify by someone else; reported, not touched.
 */
export type ShipmentState = 'intent' | 'fulfilled' | 'cancelled' | 'held' | 'left-alone';

export interface ShipmentRecord {
  readonly shipmentId: string;
  readonly orderId: string | null;
  readonly state: ShipmentState;
  readonly fulfillmentId: string | null;
  readonly locationId: string | null;
  readonly lines: readonly ShipmentLine[];
  readonly tracking: Tracking | null;
  /** The `updatedAt` of the shipment version this record is about. */
  readonly apixUpdatedAt: string;
  /** When the last create was attempted: recovery only adopts fulfilments made after it. */
  readonly intentAt: string | null;
  readonly detail: string | null;
  /**
   * Since when this version is held (kept while the same version stays held, the start of a
   * waiting one's WAIT_LIMIT_DAYS); null in any other state.
   */
  readonly heldSince: string | null;
  /**
   * The version held for a cause that passes on its own (the order's fulfillment order on hold
   * or scheduled in Shopify): handled again every run until applied or given up, as API X will
   * not send it again. Null otherwise.
   */
  readonly waiting: Shipment | null;
}
