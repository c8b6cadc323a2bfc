import { ConfigError } from '../../domain/errors.js';
import type { ShopLocation } from '../../domain/model/stock.js';

/** One INVENTORY_LOCATIONS entry: an API X warehouse and the Shopify location (GID or name). */
export interface LocationMapEntry {
  readonly warehouseId: string;
  readonly location: string;
}

/**
 * Reads `WH-1=Main warehouse;WH-2=gid://shopify/Location/2`: entries split on ';' (names may
 * hold commas), warehouse and location split on the first '='. Problems are returned, not thrown,
 * so the configuration reports them all at once.
 */
export function parseLocationMap(text: string): {
  entries: LocationMapEntry[];
  problems: string[];
} {
  const entries: LocationMapEntry[] = [];
  const problems: string[] = [];
  for (const raw of text.split(';')) {
    const part = raw.trim();
    if (part === '') continue;
    const at = part.indexOf('=');
    const warehouseId = at < 0 ? '' : part.slice(0, at).trim();
    const location = at < 0 ? '' : part.slice(at + 1).trim();
    if (!warehouseId || !location) {
      problems.push(`INVENTORY_LOCATIONS: '${part}' is not WAREHOUSE=LOCATION`);
      continue;
    }
    if (entries.some((e) => e.warehouseId === warehouseId))
      problems.push(`INVENTORY_LOCATIONS: warehouse ${warehouseId} is mapped twice`);
    entries.push({ warehouseId, location });
  }
  return { entries, problems };
}

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
