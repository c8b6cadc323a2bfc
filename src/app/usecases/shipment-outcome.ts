import type { Shipment, ShipmentRecord } from '../../domain/model/shipment.js';
import type {
  PushedOrder,
  PushedOrders,
  ShipmentRecords,
} from '../../domain/ports/shipment-store.js';
import type { ShopifyFulfilments } from '../../domain/ports/shopify-fulfilments.js';
import type { StockRecheckMarks } from '../../domain/ports/stock-rechecks.js';
import type { Refusal } from './plan-fulfilment.js';

/** What the writes of one shipment need (the shipments step's deps, less the read). */
export interface ShipmentWriteDeps {
  readonly records: ShipmentRecords;
  readonly orders: PushedOrders;
  readonly shopify: ShopifyFulfilments;
  /** Where a fulfilment made or cancelled says which stock levels it moved in Shopify. */
  readonly stock: StockRecheckMarks;
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

/**
 * A fulfilment we created (or cancelled) took its units off (or put them back on) Shopify's on
 * hand at its location, behind the stock sync's memory: when sync-inventory had already written
 * API X's post-shipment on hand, Shopify now counts the units twice and the memory still looks
 * confirmed. The levels of the shipment's variants there are marked for the next stock run to
 * check against API X (domain/ports/stock-rechecks.ts). Called after Shopify's answer and before
 * the record says so: a run stopped in between marks again when it recovers or retries.
 */
export async function markStockMoved(
  deps: Pick<ShipmentWriteDeps, 'stock' | 'orders'>,
  record: Pick<ShipmentRecord, 'orderId' | 'locationId' | 'lines'>,
  order?: PushedOrder,
): Promise<void> {
  if (record.locationId === null) return;
  const pushed =
    order ?? (record.orderId === null ? null : await deps.orders.find(record.orderId, null));
  if (!pushed) return;
  const shipped = new Set(record.lines.map((l) => l.lineItemId));
  const variants = new Set(
    pushed.lines.flatMap((l) =>
      shipped.has(l.lineItemId) && l.variantId !== null ? [l.variantId] : [],
    ),
  );
  await deps.stock.mark([...variants], record.locationId);
}
