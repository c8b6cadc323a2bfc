/** Sources cited as [schema], [states], [idem] and [toggle]: the list at the top of inventory.ts. */
import type { GraphQLResolveInfo } from 'graphql';
import type { SimContext } from './context.js';
import { parseGid } from './gid.js';
import { addLevel, levelKey, removeLevel, type LevelRecord } from './inventory-book.js';
import { idempotencyKey, once } from './inventory-idempotency.js';
import { setQuantities, type QuantityInput } from './inventory-set-quantities.js';
import { inventoryItemView, levelView } from './inventory-views.js';
import { userError, type UserError } from './user-error.js';

export function inventoryMutations(ctx: SimContext): Record<string, unknown> {
  const inv = ctx.inventory;
  const itemExists = (num: number | null): num is number =>
    num !== null && ctx.store.variants.has(num);

  return {
    inventoryItemUpdate: (args: { id: string; input: { tracked?: boolean | null } }) => {
      const num = parseGid(args.id, 'InventoryItem');
      if (!itemExists(num))
        return {
          inventoryItem: null,
          userErrors: [userError(['id'], 'Inventory item does not exist', null)],
        };
      if (args.input.tracked === true) inv.tracked.add(num);
      if (args.input.tracked === false) inv.tracked.delete(num);
      return { inventoryItem: inventoryItemView(ctx, num), userErrors: [] };
    },

    inventoryActivate: (
      args: {
        inventoryItemId: string;
        locationId: string;
        available?: number | null;
        onHand?: number | null;
      },
      _ctx: unknown,
      info: GraphQLResolveInfo,
    ) => {
      const key = idempotencyKey(info, 'inventoryActivate');
      type Result = { inventoryLevel: unknown; userErrors: UserError[] };
      return once<Result>(
        ctx,
        'inventoryActivate',
        key,
        args,
        () => {
          const itemNum = parseGid(args.inventoryItemId, 'InventoryItem');
          const locationNum = parseGid(args.locationId, 'Location');
          const location = locationNum === null ? undefined : inv.locations.get(locationNum);
          if (!itemExists(itemNum))
            return {
              inventoryLevel: null,
              userErrors: [userError(['inventoryItemId'], 'Inventory item does not exist', null)],
            };
          // Stricter reading: an inactive location cannot stock items (Location.isActive).
          if (!location || !location.isActive)
            return {
              inventoryLevel: null,
              userErrors: [
                userError(['locationId'], 'Location does not exist or is not active', null),
              ],
            };
          const k = levelKey(itemNum, location.num);
          let level = inv.levels.get(k);
          if (!level) {
            // "If you don't specify quantities, then available and onHand default to zero" [schema].
            const onHand = args.onHand ?? args.available ?? 0;
            level = {
              itemNum,
              locationNum: location.num,
              onHand,
              committed: 0,
              createdAt: ctx.now(),
              updatedAt: ctx.now(),
            };
            addLevel(inv, level);
          }
          return { inventoryLevel: levelView(level, ctx), userErrors: [] };
        },
        (code, message) => ({ inventoryLevel: null, userErrors: [userError(null, message, code)] }),
      );
    },

    /**
     * One item stocked at (or removed from) many locations [toggle]. Codes and wording from
     * InventoryBulkToggleActivationUserErrorCode [schema]. Where the documents are silent the
     * stricter reading: at most 250 updates (the changelog's limit), every update is checked
     * before any is applied (all or nothing), an inactive location cannot stock items, and a
     * level with committed units cannot be removed. No idempotency directive: the description
     * documents none, and activating a stocked level changes nothing.
     */
    inventoryBulkToggleActivation: (args: {
      inventoryItemId: string;
      inventoryItemUpdates: { locationId: string; activate?: boolean | null }[];
    }) => {
      const itemNum = parseGid(args.inventoryItemId, 'InventoryItem');
      const fail = (field: string[] | null, message: string, code: string) => ({
        inventoryItem: null,
        inventoryLevels: null,
        userErrors: [userError(field, message, code)],
      });
      if (!itemExists(itemNum))
        return fail(
          ['inventoryItemId'],
          'The inventory item was not found.',
          'INVENTORY_ITEM_NOT_FOUND',
        );
      if (args.inventoryItemUpdates.length > 250)
        return fail(
          ['inventoryItemUpdates'],
          'At most 250 locations can be updated at a time.',
          'GENERIC_ERROR',
        );
      const stocked = inv.byItem.get(itemNum) ?? new Set<number>();
      for (const [i, u] of args.inventoryItemUpdates.entries()) {
        const field = ['inventoryItemUpdates', String(i), 'locationId'];
        const locationNum = parseGid(u.locationId, 'Location');
        const location = locationNum === null ? undefined : inv.locations.get(locationNum);
        if (!location) return fail(field, 'The location was not found.', 'LOCATION_NOT_FOUND');
        if (u.activate !== false && !location.isActive)
          return fail(
            field,
            'Failed to stock this inventory item at this location.',
            'FAILED_TO_STOCK_AT_LOCATION',
          );
        if (u.activate === false && stocked.has(location.num)) {
          if (stocked.size === 1)
            return fail(
              field,
              'Cannot unstock an inventory item from the only location at which it is stocked.',
              'CANNOT_DEACTIVATE_FROM_ONLY_LOCATION',
            );
          if ((inv.levels.get(levelKey(itemNum, location.num))?.committed ?? 0) > 0)
            return fail(
              field,
              'Cannot unstock this inventory item from this location because it has committed quantities.',
              'COMMITTED_INVENTORY_AT_LOCATION',
            );
        }
      }
      const activated: LevelRecord[] = [];
      for (const u of args.inventoryItemUpdates) {
        const locationNum = parseGid(u.locationId, 'Location') as number;
        if (u.activate === false) {
          removeLevel(inv, itemNum, locationNum);
          continue;
        }
        let level = inv.levels.get(levelKey(itemNum, locationNum));
        if (!level) {
          level = {
            itemNum,
            locationNum,
            onHand: 0,
            committed: 0,
            createdAt: ctx.now(),
            updatedAt: ctx.now(),
          };
          addLevel(inv, level);
        }
        activated.push(level);
      }
      return {
        inventoryItem: inventoryItemView(ctx, itemNum),
        inventoryLevels: activated.map((l) => levelView(l, ctx)),
        userErrors: [],
      };
    },

    inventorySetQuantities: (
      args: {
        input: {
          name: string;
          reason: string;
          referenceDocumentUri?: string | null;
          quantities: QuantityInput[];
        };
      },
      _ctx: unknown,
      info: GraphQLResolveInfo,
    ) => {
      const key = idempotencyKey(info, 'inventorySetQuantities');
      type Result = { inventoryAdjustmentGroup: unknown; userErrors: UserError[] };
      return once<Result>(
        ctx,
        'inventorySetQuantities',
        key,
        args,
        () => setQuantities(ctx, args.input),
        (code, message) => ({
          inventoryAdjustmentGroup: null,
          userErrors: [userError(null, message, code)],
        }),
      );
    },
  };
}
