import { resolveLocations } from '../app/usecases/location-mapping.js';
import type { LocationMapEntry } from '../domain/model/location-map.js';
import { ConfigError } from '../domain/errors.js';
import type { ShopLocation } from '../domain/model/stock.js';
import { check, type Check } from './check.js';

/** The doctor's read of the shop's locations (the same query sync-inventory starts with). */
export const DOCTOR_LOCATIONS_QUERY = `query DoctorLocations {
  locations(first: 250, includeInactive: true) { nodes { id name isActive } }
}`;

/** Reads the locations out of DOCTOR_LOCATIONS_QUERY's data (null: the query failed). */
export function locationsOf(data: Record<string, unknown> | null): ShopLocation[] | null {
  const nodes = (data?.['locations'] as { nodes?: unknown } | undefined)?.nodes;
  if (!Array.isArray(nodes)) return null;
  return nodes.map((n) => {
    const l = (n ?? {}) as Record<string, unknown>;
    return {
      id: typeof l['id'] === 'string' ? l['id'] : '',
      name: typeof l['name'] === 'string' ? l['name'] : '',
      isActive: l['isActive'] === true,
    };
  });
}

/**
 * INVENTORY_LOCATIONS against the shop, judged exactly as sync-inventory judges it at start:
 * ok naming each warehouse's location, or fail with every problem the run would stop on.
 */
export function inventoryLocationsCheck(
  entries: readonly LocationMapEntry[],
  locations: readonly ShopLocation[] | null,
): Check {
  if (locations === null)
    return check(
      'shopify',
      'inventory-locations',
      'fail',
      "could not read the shop's locations",
      'grant read_locations (sync-inventory maps API X warehouses to them)',
    );
  try {
    const mapped = resolveLocations(entries, locations);
    const byId = new Map(locations.map((l) => [l.id, l.name]));
    return check(
      'shopify',
      'inventory-locations',
      'ok',
      `INVENTORY_LOCATIONS: ${[...mapped].map(([w, id]) => `${w} -> '${byId.get(id) ?? id}'`).join(', ')}`,
    );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return check(
      'shopify',
      'inventory-locations',
      'fail',
      error.problems.join('; '),
      'fix INVENTORY_LOCATIONS (WAREHOUSE=location name or GID;...) or the locations in Shopify (Settings > Locations)',
    );
  }
}
