import { ConfigError } from '../../domain/errors.js';
import type { LocationMapEntry } from '../../domain/model/location-map.js';
import type { ShopLocation } from '../../domain/model/stock.js';

/**
 * Warehouse id -> Shopify location GID, checked against the shop's locations: a location the
 * shop does not have, an ambiguous name, an inactive location, or two warehouses on one location
 * (their stock would overwrite each other) is a configuration error naming it; all are listed.
 */
export function resolveLocations(
  entries: readonly LocationMapEntry[],
  locations: readonly ShopLocation[],
): Map<string, string> {
  const problems: string[] = [];
  const out = new Map<string, string>();
  const takenBy = new Map<string, string>();
  for (const { warehouseId, location } of entries) {
    const matches = location.startsWith('gid://shopify/Location/')
      ? locations.filter((l) => l.id === location)
      : locations.filter((l) => l.name === location);
    const known = locations.map((l) => `'${l.name}' (${l.id}${l.isActive ? '' : ', inactive'})`);
    if (matches.length === 0) {
      problems.push(
        `INVENTORY_LOCATIONS: warehouse ${warehouseId} maps to '${location}', which the shop does not have (it has: ${known.join(', ') || 'none'})`,
      );
      continue;
    }
    if (matches.length > 1) {
      problems.push(
        `INVENTORY_LOCATIONS: more than one location is named '${location}'; use its GID (${matches.map((l) => l.id).join(', ')})`,
      );
      continue;
    }
    const target = matches[0] as ShopLocation;
    if (!target.isActive) {
      problems.push(
        `INVENTORY_LOCATIONS: warehouse ${warehouseId} maps to location '${target.name}' (${target.id}), which is inactive`,
      );
      continue;
    }
    const other = takenBy.get(target.id);
    if (other !== undefined) {
      problems.push(
        `INVENTORY_LOCATIONS: warehouses ${other} and ${warehouseId} both map to '${target.name}'; one warehouse per location`,
      );
      continue;
    }
    takenBy.set(target.id, warehouseId);
    out.set(warehouseId, target.id);
  }
  if (entries.length === 0)
    problems.push('INVENTORY_LOCATIONS is empty: map at least one warehouse');
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}
