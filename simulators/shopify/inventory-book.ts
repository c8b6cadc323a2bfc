/** Sources cited as [schema], [states], [idem] and [toggle]: the list at the top of inventory.ts. */

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
  /** How inventorySetQuantities answers a stale compare (inventory-set-quantities.ts). */
  staleAnswer: StaleAnswer;
}

/**
 * The stale codes of InventorySetQuantitiesUserErrorCode [schema]: CHANGE_FROM_QUANTITY_STALE
 * ("The changeFromQuantity value does not match persisted value") and COMPARE_QUANTITY_STALE
 * ("The compareQuantity value does not match persisted value", what the mutation answered before
 * 2026-04: shopify.dev admin-graphql/2025-04/enums/InventorySetQuantitiesUserErrorCode; a request
 * to a retired version is served by the oldest supported one). `namesLine: false`: the error's
 * `field` is null, which InventorySetQuantitiesUserError.field (a nullable list) allows [schema].
 */
export interface StaleAnswer {
  readonly code: 'CHANGE_FROM_QUANTITY_STALE' | 'COMPARE_QUANTITY_STALE';
  readonly namesLine: boolean;
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
    staleAnswer: { code: 'CHANGE_FROM_QUANTITY_STALE', namesLine: true },
  };
  for (const l of locations) {
    const num = nextId();
    book.locations.set(num, { num, name: l.name, isActive: l.active ?? true, createdAt: now() });
  }
  return book;
}

export const levelKey = (itemNum: number, locationNum: number) => `${itemNum}:${locationNum}`;

export function addLevel(book: InventoryBook, level: LevelRecord): void {
  book.levels.set(levelKey(level.itemNum, level.locationNum), level);
  book.byItem.set(
    level.itemNum,
    (book.byItem.get(level.itemNum) ?? new Set()).add(level.locationNum),
  );
}

export function removeLevel(book: InventoryBook, itemNum: number, locationNum: number): void {
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
 * fulfilment priority; the simulator's priority is location creation order. Returns where each
 * committed line's units are (line number -> location number): its fulfillment order is assigned
 * there (fulfillments.ts), as Shopify's order routing "determines which locations will be
 * responsible for fulfilling the purchased items" [schema: FulfillmentOrder], so a fulfilment
 * takes the units from the level that holds them.
 */
export function commitOrderLines(
  book: InventoryBook,
  lines: readonly {
    readonly num: number;
    readonly variantNum: number | null;
    readonly quantity: number;
  }[],
  now: number,
): Map<number, number> {
  const at = new Map<number, number>();
  for (const line of lines) {
    if (line.variantNum === null || !book.tracked.has(line.variantNum)) continue;
    const location = [...book.locations.values()]
      .filter((l) => l.isActive)
      .find((l) => book.levels.has(levelKey(line.variantNum as number, l.num)));
    const level = location && book.levels.get(levelKey(line.variantNum, location.num));
    if (!level) continue;
    level.committed += line.quantity;
    level.updatedAt = now;
    at.set(line.num, level.locationNum);
  }
  return at;
}

/**
 * Units of a tracked item leave (negative `units`) or come back to a location's level as a
 * fulfilment is created (or cancelled) there. Fulfilling "decrements the committed inventory
 * quantity" [states: inventory-management-apps, "After the order is fulfilled, Shopify decrements
 * the committed inventory quantity"], and on hand is "the sum of inventory quantities that are in
 * the available, committed and unavailable states" [states: InventoryQuantity.name], so on hand
 * drops by the same units while available stays. Committed never goes below 0: units fulfilled
 * without a commitment here (the item tracked after the order was placed) leave on hand only.
 * A cancelled fulfilment "reverses its effects" (fulfillmentCancel): its units are unfulfilled
 * again, so committed ("part of a placed order but aren't fulfilled") and on hand take them back.
 * An untracked item or a location not stocking it has no level to change.
 */
export function moveFulfilledUnits(
  book: InventoryBook,
  itemNum: number | null,
  locationNum: number,
  units: number,
  now: number,
): void {
  if (itemNum === null || !book.tracked.has(itemNum)) return;
  const level = book.levels.get(levelKey(itemNum, locationNum));
  if (!level) return;
  level.committed = Math.max(0, level.committed + units);
  level.onHand += units;
  level.updatedAt = now;
}

/** Committed units of an order line move with its fulfillment order to another location. */
export function moveCommitment(
  book: InventoryBook,
  itemNum: number | null,
  from: number,
  to: number,
  units: number,
  now: number,
): void {
  if (itemNum === null || !book.tracked.has(itemNum)) return;
  const source = book.levels.get(levelKey(itemNum, from));
  const target = book.levels.get(levelKey(itemNum, to));
  const moved = Math.min(units, source?.committed ?? 0);
  if (source) {
    source.committed -= moved;
    source.updatedAt = now;
  }
  if (target) {
    target.committed += moved;
    target.updatedAt = now;
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

/** The named quantity of a level; states this simulator does not model are 0 [states]. */
export function quantityOf(level: LevelRecord, name: string): number {
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
