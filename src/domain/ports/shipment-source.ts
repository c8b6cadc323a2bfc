import type { Parsed } from '../model/record-error.js';
import type { Shipment } from '../model/shipment.js';

/** One page of API X's shipments, oldest change first. */
export interface ShipmentPage {
  readonly records: readonly Parsed<Shipment>[];
  /** The latest `updatedAt` on the page (also of records that failed to parse); null if empty. */
  readonly lastUpdatedAt: string | null;
}

/** API X's shipments (GET /v1/shipments). */
export interface ShipmentSource {
  /** Pages of shipments changed at or after `updatedSince` (everything when null). */
  pages(updatedSince: string | null, signal: AbortSignal): AsyncIterable<ShipmentPage>;
}
