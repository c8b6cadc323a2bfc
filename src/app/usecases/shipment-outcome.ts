import type { Shipment, ShipmentRecord } from '../../domain/model/shipment.js';
import type { PushedOrders, ShipmentRecords } from '../../domain/ports/shipment-store.js';
import type { ShopifyFulfilments } from '../../domain/ports/shopify-fulfilments.js';
import type { Refusal } from './plan-fulfilment.js';

/** What the writes of one shipment need (the shipments step's deps, less the read). */
export interface ShipmentWriteDeps {
  readonly records: ShipmentRecords;
  readonly orders: PushedOrders;
  readonly shopify: ShopifyFulfilments;
  /** Shopify's spelling of a carrier it builds tracking links for, else null. */
  readonly knownCompany: (carrier: string) => string | null;
  readonly now?: () => Date;
}

export interface ShipmentWriteOptions {
  readonly dryRun: boolean;
  /** SHIPMENTS_NOTIFY_CUSTOMER: Shopify's shipping confirmation / update e-mail. */
  readonly notifyCustomer: boolean;
}

/** What became of one shipment; `failed` is held back with a record error. */
export type Outcome = 'created' | 'updated' | 'cancelled' | 'unchanged' | 'failed' | 'skipped';

/** Holds the shipment back (or leaves it alone), recording why; see handle-shipment.ts. */
export type Hold = (
  refusal: Refusal,
  base?: Partial<ShipmentRecord>,
  leftAlone?: boolean,
) => Promise<Outcome>;

/** The shipment's record at this version, keeping what an earlier version established. */
export function recordOf(shipment: Shipment, known: ShipmentRecord | null): ShipmentRecord {
  return {
    shipmentId: shipment.id,
    orderId: known?.orderId ?? shipment.orderId,
    state: known?.state ?? 'held',
    fulfillmentId: known?.fulfillmentId ?? null,
    locationId: known?.locationId ?? shipment.locationId,
    lines: known?.lines ?? shipment.lines,
    tracking: known?.tracking ?? null,
    apixUpdatedAt: shipment.updatedAt,
    intentAt: known?.intentAt ?? null,
    detail: known?.detail ?? null,
    heldSince: known?.state === 'held' ? known.heldSince : null,
    // A new version is not waiting until a hold says so.
    waiting: null,
  };
}

export const reusedNumbers = (reused: readonly string[]): Refusal => ({
  field: 'trackingNumbers',
  reason: `tracking number ${reused.join(', ')} already belongs to another shipment`,
});
