/** Sources cited as [schema], [states], [idem] and [toggle]: the list at the top of inventory.ts. */
import { connectionOf, type PageArgs } from './connection.js';
import type { SimContext } from './context.js';
import { gid, isoSeconds, parseGid } from './gid.js';
import { levelKey, quantityOf, type LevelRecord, type LocationRecord } from './inventory-book.js';

export function locationView(l: LocationRecord, ctx: SimContext): Record<string, unknown> {
  return {
    __typename: 'Location',
    id: gid('Location', l.num),
    legacyResourceId: String(l.num),
    name: l.name,
    isActive: l.isActive,
    activatable: true,
    deactivatable: l.isActive,
    deletable: !l.isActive,
    fulfillsOnlineOrders: l.isActive,
    // A thunk: computed only when selected (it scans every level).
    hasActiveInventory: () =>
      [...ctx.inventory.levels.values()].some((v) => v.locationNum === l.num),
    createdAt: isoSeconds(l.createdAt),
    updatedAt: isoSeconds(l.createdAt),
    deactivatedAt: l.isActive ? null : isoSeconds(l.createdAt),
  };
}

export function levelView(level: LevelRecord, ctx: SimContext): Record<string, unknown> {
  const location = ctx.inventory.locations.get(level.locationNum);
  return {
    __typename: 'InventoryLevel',
    // Shopify's level ids carry the item as a query parameter.
    id: `${gid('InventoryLevel', level.locationNum)}?inventory_item_id=${level.itemNum}`,
    isActive: true,
    canDeactivate: level.committed === 0,
    createdAt: isoSeconds(level.createdAt),
    updatedAt: isoSeconds(level.updatedAt),
    location: () => (location ? locationView(location, ctx) : null),
    item: () => inventoryItemView(ctx, level.itemNum),
    quantities: (args: { names: readonly string[] }) =>
      args.names.map((name) => ({
        id: `gid://shopify/InventoryQuantity/${level.locationNum}?inventory_item_id=${level.itemNum}&name=${name}`,
        name,
        quantity: quantityOf(level, name),
        updatedAt: isoSeconds(level.updatedAt),
      })),
  };
}

/** InventoryItem of a variant (one per variant, same number), or null when the variant is gone. */
export function inventoryItemView(
  ctx: SimContext,
  itemNum: number,
): Record<string, unknown> | null {
  const variant = ctx.store.variants.get(itemNum);
  if (!variant) return null;
  const levelsOf = () =>
    [...(ctx.inventory.byItem.get(itemNum) ?? [])]
      .sort((a, b) => a - b)
      .map((n) => ctx.inventory.levels.get(levelKey(itemNum, n)))
      .filter((l): l is LevelRecord => l !== undefined);
  return {
    __typename: 'InventoryItem',
    id: gid('InventoryItem', itemNum),
    legacyResourceId: String(itemNum),
    sku: variant.sku,
    tracked: ctx.inventory.tracked.has(itemNum),
    requiresShipping: true,
    measurement: { id: gid('InventoryItemMeasurement', itemNum), weight: variant.weight },
    createdAt: isoSeconds(variant.createdAt),
    updatedAt: isoSeconds(variant.updatedAt),
    inventoryLevel: (args: { locationId: string }) => {
      const num = parseGid(args.locationId, 'Location');
      const level = num === null ? undefined : ctx.inventory.levels.get(levelKey(itemNum, num));
      return level ? levelView(level, ctx) : null;
    },
    inventoryLevels: (args: PageArgs) =>
      connectionOf(
        levelsOf(),
        args,
        (l) => [l.locationNum],
        (l) => levelView(l, ctx),
        ctx.unbounded,
      ),
  };
}

export function inventoryQueries(ctx: SimContext): Record<string, unknown> {
  return {
    // Inactive locations only with includeInactive [schema: QueryRoot.locations].
    locations: (args: PageArgs & { includeInactive?: boolean | null }) =>
      connectionOf(
        [...ctx.inventory.locations.values()]
          .filter((l) => l.isActive || args.includeInactive === true)
          .sort((a, b) => a.num - b.num),
        args,
        (l) => [l.num],
        (l) => locationView(l, ctx),
        ctx.unbounded,
      ),
    location: (args: { id?: string | null }) => {
      const num = parseGid(args.id, 'Location');
      const l = num === null ? undefined : ctx.inventory.locations.get(num);
      return l ? locationView(l, ctx) : null;
    },
    inventoryItem: (args: { id: string }) => {
      const num = parseGid(args.id, 'InventoryItem');
      return num === null ? null : inventoryItemView(ctx, num);
    },
  };
}

/** The node for `node`/`nodes` of an InventoryItem or Location GID; undefined for other types. */
export function inventoryNode(ctx: SimContext, type: string, num: number): unknown {
  if (type === 'InventoryItem') return inventoryItemView(ctx, num);
  if (type === 'Location') {
    const l = ctx.inventory.locations.get(num);
    return l ? locationView(l, ctx) : null;
  }
  return undefined;
}
