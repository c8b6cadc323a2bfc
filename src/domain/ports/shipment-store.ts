import type { Shipment, ShipmentLine, ShipmentRecord } from '../model/shipment.js';

/** Where the incremental read of API X's shipments stands (its `updatedSince`). */
export interface ShipmentCursor {
  since(): Promise<string | null>;
  /** Moves forward only; called once a page is fully handled. */
  advance(updatedAt: string): Promise<void>;
}

/** What the shipments step did with each shipment (Postgres `shipments`). */
export interface ShipmentRecords {
  get(shipmentId: string): Promise<ShipmentRecord | null>;
  save(record: ShipmentRecord): Promise<void>;
  /** Of `numbers`, those another live shipment (intent or fulfilled) already carries. */
  numbersInUse(numbers: readonly string[], exceptShipmentId: string): Promise<string[]>;
  /** Fulfilment GIDs recorded for the order's shipments (ours, whatever the state). */
  fulfilmentsOf(orderId: string): Promise<Set<string>>;
  /** Held shipments waiting for a Shopify state to pass (`waiting` set), oldest hold first. */
  waiting(): Promise<(ShipmentRecord & { readonly waiting: Shipment })[]>;
}

/** Held shipments after a run, for the run's metrics. */
export interface HeldShipments {
  /** Held for a Shopify state that passes, retried every run. */
  readonly waiting: number;
  /** Held until API X sends a corrected version (bad input, or retries given up). */
  readonly refused: number;
  /**
   * The start of the oldest waiting one's wait; null when none waits. Refused ones are left out:
   * they are counted in `refused` and named in record errors, and wait for API X.
   */
  readonly oldestSince: Date | null;
}

export interface HeldShipmentsReport {
  held(): Promise<HeldShipments>;
}

/** An order as it was pushed to API X: the lines a shipment may name. */
export interface PushedOrder {
  readonly orderId: string;
  readonly name: string;
  readonly lines: readonly PushedLine[];
}

export interface PushedLine extends ShipmentLine {
  /** The line's variant GID; null for a custom line or a variant deleted in Shopify. */
  readonly variantId: string | null;
}

export interface PushedOrders {
  /** By Shopify order GID, else by API X's reference; null when neither is known. */
  find(orderId: string | null, reference: string | null): Promise<PushedOrder | null>;
  /** When the oldest order API X has from us was created in Shopify; null when none is stored. */
  oldestCreatedAt(): Promise<Date | null>;
}
