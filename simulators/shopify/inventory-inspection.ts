/** Sources cited as [schema], [states], [idem] and [toggle]: the list at the top of inventory.ts. */
import { gid, parseGid } from './gid.js';
import {
  editOnHandByHand,
  levelKey,
  levelSnapshot,
  type AdjustmentRecord,
  type InventoryBook,
  type LevelSnapshot,
  type StaleAnswer,
} from './inventory-book.js';

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
  /** How later stale compares are answered (default: CHANGE_FROM_QUANTITY_STALE, naming its line). */
  answerStaleWith(code: StaleAnswer['code'], options?: { readonly namesLine?: boolean }): void;
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
    answerStaleWith(code, options = {}) {
      book.staleAnswer = { code, namesLine: options.namesLine ?? true };
    },
  };
}
