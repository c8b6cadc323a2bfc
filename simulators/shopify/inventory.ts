/**
 * Locations, inventory items and levels in the simulated shop, with the mutations a stock sync
 * uses. Sources, cited next to each behaviour:
 * - [schema] the vendored Admin API 2026-10 schema (simulators/shopify/admin-schema/admin_2026-10.json.gz):
 *   descriptions of inventorySetQuantities, InventoryQuantityInput, InventorySetQuantitiesInput,
 *   InventorySetQuantitiesUserErrorCode, inventoryActivate, Location, InventoryItem.
 * - [states] https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps/manage-quantities-states
 *   and https://shopify.dev/docs/apps/fulfillment/inventory-management-apps ("Shopify decrements the
 *   available inventory quantity for product variants that are included in an order, and
 *   increments the committed inventory quantity for the order").
 * - [idem] https://shopify.dev/changelog/making-idempotency-mandatory-for-inventory-adjustments-and-refund-mutations
 * - [toggle] https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventoryBulkToggleActivation
 *   and https://shopify.dev/changelog/new-mutation-inventorybulktoggleactivation-now-available
 *   ("bulk activate or deactivate a single inventory item at many locations, with a maximum of
 *   250 locations at a time").
 *   and https://shopify.dev/docs/api/usage/implementing-idempotency.
 * Where they are silent the stricter reading is taken, and said so.
 */
import {
  getDirectiveValues,
  GraphQLError,
  type GraphQLDirective,
  type GraphQLResolveInfo,
} from 'graphql';
import { connectionOf, type PageArgs } from './connection.js';
import type { SimContext } from './context.js';
import { gid, isoSeconds, parseGid } from './gid.js';
import { userError, type UserError } from './user-error.js';

export interface LocationRecord {
  num: number;
  name: string;
  isActive: boolean;
  createdAt: number;
}

export interface LevelRecord {
  itemNum: number;
  locationNum: number;
  onHand: number;
  committed: number;
  createdAt: number;
  updatedAt: number;
}

/** One inventorySetQuantities that changed something, as the inventory history shows it. */
export interface AdjustmentRecord {
  readonly reason: string;
  readonly referenceDocumentUri: string | null;
  readonly name: string;
  readonly changes: readonly {
    readonly itemId: string;
    readonly locationId: string;
    readonly delta: number;
    readonly quantityAfterChange: number;
  }[];
}

/** A level as a test reads it: `available` is on hand minus committed [states]. */
export interface LevelSnapshot {
  readonly onHand: number;
  readonly committed: number;
  readonly available: number;
}

export interface InventoryBook {
  readonly locations: Map<number, LocationRecord>;
  /** Inventory item numbers (the variant's number: one item per variant) that are tracked. */
  readonly tracked: Set<number>;
  readonly levels: Map<string, LevelRecord>;
  /** Location numbers stocking each item: an item's levels without scanning every level. */
  readonly byItem: Map<number, Set<number>>;
  readonly idempotency: Map<string, { fingerprint: string; failed: boolean; result: unknown }>;
  readonly adjustments: AdjustmentRecord[];
}

export function createInventoryBook(
  locations: readonly { readonly name: string; readonly active?: boolean }[],
  nextId: () => number,
  now: () => number,
): InventoryBook {
  const book: InventoryBook = {
    locations: new Map(),
    tracked: new Set(),
    levels: new Map(),
    byItem: new Map(),
    idempotency: new Map(),
    adjustments: [],
  };
  for (const l of locations) {
    const num = nextId();
    book.locations.set(num, { num, name: l.name, isActive: l.active ?? true, createdAt: now() });
  }
  return book;
}

const levelKey = (itemNum: number, locationNum: number) => `${itemNum}:${locationNum}`;

function addLevel(book: InventoryBook, level: LevelRecord): void {
  book.levels.set(levelKey(level.itemNum, level.locationNum), level);
  book.byItem.set(
    level.itemNum,
    (book.byItem.get(level.itemNum) ?? new Set()).add(level.locationNum),
  );
}

function removeLevel(book: InventoryBook, itemNum: number, locationNum: number): void {
  book.levels.delete(levelKey(itemNum, locationNum));
  book.byItem.get(itemNum)?.delete(locationNum);
}

export function levelSnapshot(level: LevelRecord | undefined): LevelSnapshot | undefined {
  return level
    ? {
        onHand: level.onHand,
        committed: level.committed,
        available: level.onHand - level.committed,
      }
    : undefined;
}

/**
 * An order was placed: each tracked line takes its units from available into committed at the
 * first active location stocking the item [states]. Shopify picks the location by the shop's
 * fulfilment priority; the simulator's priority is location creation order.
 */
export function commitOrderLines(
  book: InventoryBook,
  lines: readonly { readonly variantNum: number | null; readonly quantity: number }[],
  now: number,
): void {
  for (const line of lines) {
    if (line.variantNum === null || !book.tracked.has(line.variantNum)) continue;
    const location = [...book.locations.values()]
      .filter((l) => l.isActive)
      .find((l) => book.levels.has(levelKey(line.variantNum as number, l.num)));
    const level = location && book.levels.get(levelKey(line.variantNum, location.num));
    if (!level) continue;
    level.committed += line.quantity;
    level.updatedAt = now;
  }
}

/** A merchant edits on hand in the admin (no HTTP, no cost): the drift the reconcile corrects. */
export function editOnHandByHand(
  book: InventoryBook,
  itemNum: number,
  locationNum: number,
  onHand: number,
  now: number,
): void {
  const level = book.levels.get(levelKey(itemNum, locationNum));
  if (!level) throw new Error(`item ${itemNum} is not stocked at location ${locationNum}`);
  level.onHand = onHand;
  level.updatedAt = now;
}

function locationView(l: LocationRecord, ctx: SimContext): Record<string, unknown> {
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

function levelView(level: LevelRecord, ctx: SimContext): Record<string, unknown> {
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

/** The named quantity of a level; states this simulator does not model are 0 [states]. */
function quantityOf(level: LevelRecord, name: string): number {
  switch (name) {
    case 'on_hand':
      return level.onHand;
    case 'committed':
      return level.committed;
    case 'available':
      return level.onHand - level.committed;
    default:
      return 0;
  }
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

/**
 * The key of `@idempotent(key:)` on this field. inventorySetQuantities and inventoryActivate
 * require it from 2026-04 on: "calling these mutations without an idempotency directive will
 * result in an error at runtime" [idem]; the directive "cannot be an empty string or whitespace
 * only" [schema: directive idempotent]. The error's wording is not documented; this is ours.
 */
function idempotencyKey(info: GraphQLResolveInfo, mutation: string): string {
  const directive = info.schema.getDirective('idempotent') as GraphQLDirective;
  const node = info.fieldNodes[0];
  const values = node ? getDirectiveValues(directive, node, info.variableValues) : undefined;
  const key = values?.['key'];
  if (typeof key !== 'string' || key.trim() === '')
    throw new GraphQLError(
      `${mutation} requires an idempotency key: add @idempotent(key: "...") with a non-blank key`,
      { extensions: { code: 'BAD_REQUEST' } },
    );
  return key;
}

/**
 * Runs `apply` once per idempotency key [idem]: the same key with the same arguments gets the
 * first answer again without a second change; with other arguments, a
 * IDEMPOTENCY_KEY_PARAMETER_MISMATCH user error; after a first attempt that failed,
 * IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED ("Retry with a new idempotency key"). Keys are kept for
 * the simulator's lifetime (Shopify keeps them for a retention window).
 */
function once<R extends { userErrors: UserError[] }>(
  ctx: SimContext,
  mutation: string,
  key: string,
  args: unknown,
  apply: () => R,
  failure: (code: string, message: string) => R,
): R {
  const fingerprint = JSON.stringify({ mutation, args });
  const scoped = `${mutation}:${key}`;
  const seen = ctx.inventory.idempotency.get(scoped);
  if (seen) {
    if (seen.fingerprint !== fingerprint)
      return failure(
        'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
        'The same idempotency key cannot be used with different operation parameters.',
      );
    if (seen.failed)
      return failure(
        'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
        'A previous request with this idempotency key failed. Retry with a new idempotency key.',
      );
    return seen.result as R;
  }
  const result = apply();
  ctx.inventory.idempotency.set(scoped, {
    fingerprint,
    failed: result.userErrors.length > 0,
    result,
  });
  return result;
}

/** Reasons inventorySetQuantities accepts [states: "set inventory quantities on hand"]. */
const REASONS = new Set([
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_created',
  'movement_updated',
  'movement_received',
  'movement_canceled',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
]);

interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  changeFromQuantity?: number | null;
}

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

function setQuantities(
  ctx: SimContext,
  input: {
    name: string;
    reason: string;
    referenceDocumentUri?: string | null;
    quantities: QuantityInput[];
  },
): { inventoryAdjustmentGroup: unknown; userErrors: UserError[] } {
  const inv = ctx.inventory;
  const errors: UserError[] = [];
  const error = (field: (string | number)[], message: string, code: string) =>
    errors.push(userError(['input', ...field], message, code));
  // "The only accepted values are: available or on_hand" [schema: InventorySetQuantitiesInput.name].
  if (input.name !== 'available' && input.name !== 'on_hand')
    error(['name'], "The quantity name must be either 'available' or 'on_hand'.", 'INVALID_NAME');
  if (!REASONS.has(input.reason))
    error(['reason'], 'The specified reason is invalid.', 'INVALID_REASON');
  // "Requirements: Valid URI with scheme and content" [schema: referenceDocumentUri].
  const uri = input.referenceDocumentUri;
  if (uri !== undefined && uri !== null && !/^[a-z][a-z0-9+.-]*:.+/i.test(uri))
    error(
      ['referenceDocumentUri'],
      'The specified reference document is invalid.',
      'INVALID_REFERENCE_DOCUMENT',
    );
  const seen = new Set<string>();
  const targets: { level: LevelRecord; quantity: number }[] = [];
  input.quantities.forEach((q, i) => {
    const at = ['quantities', i];
    // changeFromQuantity "is mandatory: you must explicitly pass in a value, even if that value
    // is null, or the mutation returns an error" [schema: InventoryQuantityInput]. 2026-10 has no
    // compareQuantity or ignoreCompareQuantity input fields; the nearest code is this one.
    if (!('changeFromQuantity' in q))
      error(
        [...at, 'changeFromQuantity'],
        'changeFromQuantity must be given for each quantity (null to skip the check).',
        'COMPARE_QUANTITY_REQUIRED',
      );
    if (q.quantity < 0)
      error([...at, 'quantity'], "The quantity can't be negative.", 'INVALID_QUANTITY_NEGATIVE');
    if (q.quantity > 1_000_000_000)
      error(
        [...at, 'quantity'],
        "The total quantity can't be higher than 1,000,000,000.",
        'INVALID_QUANTITY_TOO_HIGH',
      );
    const itemNum = parseGid(q.inventoryItemId, 'InventoryItem');
    const locationNum = parseGid(q.locationId, 'Location');
    if (itemNum === null || !ctx.store.variants.has(itemNum)) {
      error(
        [...at, 'inventoryItemId'],
        'The specified inventory item could not be found.',
        'INVALID_INVENTORY_ITEM',
      );
      return;
    }
    if (locationNum === null || !inv.locations.has(locationNum)) {
      error(
        [...at, 'locationId'],
        'The specified location could not be found.',
        'INVALID_LOCATION',
      );
      return;
    }
    const k = levelKey(itemNum, locationNum);
    if (seen.has(k))
      error(
        at,
        'The combination of inventoryItemId and locationId must be unique.',
        'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
      );
    seen.add(k);
    const level = inv.levels.get(k);
    // Stricter reading: an item must be activated (stocked) at a location before its quantity is
    // set there. 2026-10 has no dedicated code for it here (inventorySetOnHandQuantities had
    // ITEM_NOT_STOCKED_AT_LOCATION); INVALID_LOCATION is the nearest.
    if (!level) {
      error(
        [...at, 'locationId'],
        'The inventory item is not stocked at the location.',
        'INVALID_LOCATION',
      );
      return;
    }
    const current = quantityOf(level, input.name);
    // Compare-and-set: "If the location's current quantity doesn't match the value you provide,
    // then the mutation fails with a CHANGE_FROM_QUANTITY_STALE error" [schema].
    if (q.changeFromQuantity !== undefined && q.changeFromQuantity !== null)
      if (q.changeFromQuantity !== current)
        error(
          [...at, 'changeFromQuantity'],
          'The changeFromQuantity value does not match persisted value.',
          'CHANGE_FROM_QUANTITY_STALE',
        );
    targets.push({ level, quantity: q.quantity });
  });
  // Stricter reading: the mutation is all or nothing (the documents say "the mutation fails").
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };

  const now = ctx.now();
  const changes: AdjustmentRecord['changes'][number][] = [];
  for (const { level, quantity } of targets) {
    const before = quantityOf(level, input.name);
    // Setting available moves on hand with it; committed units stay committed [states].
    level.onHand = input.name === 'on_hand' ? quantity : quantity + level.committed;
    level.updatedAt = now;
    if (quantity !== before)
      changes.push({
        itemId: gid('InventoryItem', level.itemNum),
        locationId: gid('Location', level.locationNum),
        delta: quantity - before,
        quantityAfterChange: quantity,
      });
  }
  const record: AdjustmentRecord = {
    reason: input.reason,
    referenceDocumentUri: uri ?? null,
    name: input.name,
    changes,
  };
  inv.adjustments.push(record);
  const num = inv.adjustments.length;
  return {
    inventoryAdjustmentGroup: {
      __typename: 'InventoryAdjustmentGroup',
      id: gid('InventoryAdjustmentGroup', num),
      createdAt: isoSeconds(now),
      reason: record.reason,
      referenceDocumentUri: record.referenceDocumentUri,
      changes: () =>
        record.changes.map((c) => ({
          name: input.name,
          delta: c.delta,
          quantityAfterChange: c.quantityAfterChange,
          ledgerDocumentUri: null,
          item: () => inventoryItemView(ctx, Number(c.itemId.split('/').pop())),
          location: () => {
            const l = inv.locations.get(Number(c.locationId.split('/').pop()));
            return l ? locationView(l, ctx) : null;
          },
        })),
    },
    userErrors: [],
  };
}

/** In-process inspection and seeding of the shop's inventory (tests and benchmarks). */
export interface InventoryInspection {
  locations(): { id: string; name: string; isActive: boolean }[];
  addLocation(name: string, active?: boolean): string;
  setLocationActive(locationId: string, active: boolean): void;
  /** The level of a variant's item at a location; undefined when not stocked there. */
  level(variantId: string, locationId: string): LevelSnapshot | undefined;
  tracked(variantId: string): boolean;
  /** A merchant's edit of on hand in the admin (no HTTP, no cost). */
  editOnHand(variantId: string, locationId: string, onHand: number): void;
  adjustments(): readonly AdjustmentRecord[];
}

export function inspectInventory(
  book: InventoryBook,
  nextId: () => number,
  now: () => number,
): InventoryInspection {
  const num = (id: string, type: string): number => {
    const n = parseGid(id, type);
    if (n === null) throw new Error(`not a ${type} GID: ${id}`);
    return n;
  };
  return {
    locations: () =>
      [...book.locations.values()].map((l) => ({
        id: gid('Location', l.num),
        name: l.name,
        isActive: l.isActive,
      })),
    addLocation(name, active = true) {
      const n = nextId();
      book.locations.set(n, { num: n, name, isActive: active, createdAt: now() });
      return gid('Location', n);
    },
    setLocationActive(locationId, active) {
      const l = book.locations.get(num(locationId, 'Location'));
      if (!l) throw new Error(`no location ${locationId}`);
      l.isActive = active;
    },
    level: (variantId, locationId) =>
      levelSnapshot(
        book.levels.get(levelKey(num(variantId, 'ProductVariant'), num(locationId, 'Location'))),
      ),
    tracked: (variantId) => book.tracked.has(num(variantId, 'ProductVariant')),
    editOnHand: (variantId, locationId, onHand) =>
      editOnHandByHand(
        book,
        num(variantId, 'ProductVariant'),
        num(locationId, 'Location'),
        onHand,
        now(),
      ),
    adjustments: () => [...book.adjustments],
  };
}
