import type { StockLevel } from '../../domain/model/stock.js';

/** Typed arrays grow by doubling; slots not written yet read as `fill`. */
function grown<T extends Int32Array | Float64Array>(array: T, need: number, fill: number): T {
  if (need <= array.length) return array;
  let length = array.length;
  while (length < need) length *= 2;
  const next = new (array.constructor as new (n: number) => T)(length);
  next.fill(fill);
  next.set(array);
  return next;
}

/**
 * The stock feed's kept levels, one per variant and warehouse, held compactly: a full read is
 * 300,000 levels (issue 20 bench: 100,000 variants x 3), held while the whole feed is read
 * (a duplicate may come at any point, newer wins). As objects each level cost about 136 bytes
 * (its object, its own `updatedAt` and variant id strings, a list per variant); here it is its
 * on hand (4 bytes), its `updatedAt` as epoch milliseconds (8), its place (4), and one variant
 * id string per variant. An `updatedAt` that milliseconds cannot give back exactly (another
 * offset, microseconds) is kept as its own string: written as it came, never rounded.
 * Levels come out as StockLevel objects a part at a time.
 */
export function createStockLevelStore(warehouses: readonly string[]) {
  const width = Math.max(1, warehouses.length);
  const column = new Map(warehouses.map((w, i) => [w, i]));
  const slotOf = new Map<string, number>();
  const variantIds: string[] = [];
  // slot * width + column -> the level's index, -1: none.
  let place = new Int32Array(1024 * width).fill(-1);
  let onHand = new Int32Array(1024);
  let updatedMs = new Float64Array(1024);
  const exactTimes = new Map<number, string>();
  let count = 0;

  const levelAt = (index: number, slot: number, c: number): StockLevel => ({
    variantExternalId: variantIds[slot] as string,
    warehouseId: warehouses[c] as string,
    onHand: onHand[index] as number,
    updatedAt: exactTimes.get(index) ?? new Date(updatedMs[index] as number).toISOString(),
  });

  const write = (index: number, level: StockLevel): void => {
    onHand[index] = level.onHand;
    const ms = Date.parse(level.updatedAt);
    updatedMs[index] = ms;
    if (new Date(ms).toISOString() === level.updatedAt) exactTimes.delete(index);
    else exactTimes.set(index, level.updatedAt);
  };

  return {
    get size(): number {
      return count;
    },
    /** The level kept for this variant and warehouse, if any. */
    get(variantExternalId: string, warehouseId: string): StockLevel | undefined {
      const slot = slotOf.get(variantExternalId);
      const c = column.get(warehouseId);
      if (slot === undefined || c === undefined) return undefined;
      const index = place[slot * width + c] ?? -1;
      return index < 0 ? undefined : levelAt(index, slot, c);
    },
    /** Whether a level is kept for this variant and warehouse (get, without building it). */
    has(variantExternalId: string, warehouseId: string): boolean {
      const slot = slotOf.get(variantExternalId);
      const c = column.get(warehouseId);
      return slot !== undefined && c !== undefined && (place[slot * width + c] ?? -1) >= 0;
    },
    /** Keeps `level` (its warehouse one of the store's), replacing the one held for its pair in place. */
    set(level: StockLevel): void {
      const c = column.get(level.warehouseId);
      if (c === undefined) throw new Error(`warehouse ${level.warehouseId} is not in the store`);
      let slot = slotOf.get(level.variantExternalId);
      if (slot === undefined) {
        slot = variantIds.length;
        variantIds.push(level.variantExternalId);
        slotOf.set(level.variantExternalId, slot);
        place = grown(place, (slot + 1) * width, -1);
      }
      let index = place[slot * width + c] ?? -1;
      if (index < 0) {
        index = count++;
        onHand = grown(onHand, count, 0);
        updatedMs = grown(updatedMs, count, 0);
        place[slot * width + c] = index;
      }
      write(index, level);
    },
    /**
     * The levels in parts of at most `size`: by variant in the order the feed first named each,
     * a variant's levels in the order they first came (a variant's levels stay side by side, so
     * one batch tracks and stocks its item once for all its locations).
     */
    *parts(size: number): Generator<StockLevel[]> {
      let part: StockLevel[] = [];
      const found: { index: number; c: number }[] = [];
      for (let slot = 0; slot < variantIds.length; slot++) {
        found.length = 0;
        for (let c = 0; c < width; c++) {
          const index = place[slot * width + c] ?? -1;
          if (index >= 0) found.push({ index, c });
        }
        found.sort((a, b) => a.index - b.index);
        for (const { index, c } of found) {
          part.push(levelAt(index, slot, c));
          if (part.length >= size) {
            yield part;
            part = [];
          }
        }
      }
      if (part.length > 0) yield part;
    },
  };
}

export type StockLevelStore = ReturnType<typeof createStockLevelStore>;
