import { ConfigError } from '../../domain/errors.js';
import type { LocationMapEntry } from '../../domain/model/location-map.js';
import type { Shipment } from '../../domain/model/shipment.js';
import type { ShopLocation } from '../../domain/model/stock.js';
import type { Logger } from '../../domain/ports/logger.js';
import type { ShopLocations } from '../../domain/ports/shop-locations.js';
import { resolveLocations } from './location-mapping.js';

export interface ShipmentLocationDeps {
  /** INVENTORY_LOCATIONS: warehouse -> location, as stock is written. */
  readonly entries: readonly LocationMapEntry[];
  /** The shop's locations (read once per run, and only if a shipment's warehouse is mapped). */
  readonly shop: ShopLocations;
}

/**
 * The location to try first for a shipment API X sent without `shopifyLocationId` ("null lets
 * the reader choose", docs/api-x.openapi.yaml, Shipment): the one INVENTORY_LOCATIONS maps its
 * warehouse to, where that warehouse's stock is written. A line Shopify split over two locations
 * (order routing, or fulfillmentOrderMove of part of a line, Admin GraphQL 2026-07) is then
 * fulfilled where the units left from, not at whichever location comes first. A preference, not
 * a constraint: when that location does not hold the items, allocate takes the first one that
 * does, as without a mapping, so a mapping never holds a shipment back; API X's own
 * `shopifyLocationId` still decides when given.
 *
 * A mapping that does not resolve in the shop (unknown, ambiguous or inactive: resolveLocations)
 * gives no preference, said once per run in a warning; sync-inventory fails on it, loudly.
 * One preference per run: the shop's locations are read at most once, when first needed.
 */
export function createShipmentLocationPreference(deps: ShipmentLocationDeps, logger: Logger) {
  let locations: Promise<readonly ShopLocation[]> | null = null;
  const resolved = new Map<string, string | null>();
  return async function preferredLocation(
    shipment: Pick<Shipment, 'warehouseId' | 'locationId'>,
    signal: AbortSignal,
  ): Promise<string | null> {
    if (shipment.locationId !== null || shipment.warehouseId === null) return null;
    const entry = deps.entries.find((e) => e.warehouseId === shipment.warehouseId);
    if (entry === undefined) return null;
    const known = resolved.get(entry.warehouseId);
    if (known !== undefined) return known;
    locations ??= deps.shop.locations(signal);
    let location: string | null;
    try {
      location = resolveLocations([entry], await locations).get(entry.warehouseId) ?? null;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      location = null;
      logger.warn(
        { warehouseId: entry.warehouseId, problems: error.problems },
        `shipments from warehouse ${entry.warehouseId} are placed without its INVENTORY_LOCATIONS entry: ${error.problems.join('; ')}`,
      );
    }
    resolved.set(entry.warehouseId, location);
    return location;
  };
}

export type PreferredLocation = ReturnType<typeof createShipmentLocationPreference>;
