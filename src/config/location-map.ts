import type { LocationMapEntry } from '../domain/model/location-map.js';

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
