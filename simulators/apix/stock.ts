import { createRandom, hashSeed } from './catalog-generator.js';
import {
  cursorString,
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  type Page,
  type PageRequest,
} from './catalog-paging.js';
import type { SimulatedCatalog } from './simulated-catalog.js';

/** One stock level as `GET /v1/stock` serves it (docs/api-x.openapi.yaml, StockLevel). */
export interface ApixStockRecord {
  variantId: string;
  warehouseId: string;
  onHand: number;
  updatedAt: string;
}

/**
 * API X's stock in the simulator: one level per variant of every current product and warehouse,
 * generated from the seed until a test (or `applyChanges`) sets it. `levels()` yields the clean
 * current truth; `page()` serves it as the API does, with corruptions, duplicates and the
 * read hook applied.
 */
export interface SimulatedStock {
  readonly warehouses: readonly string[];
  levels(): Generator<ApixStockRecord>;
  level(variantId: string, warehouseId: string): ApixStockRecord | undefined;
  set(variantId: string, warehouseId: string, onHand: number): void;
  /**
   * Deletes a level's record: no read serves it until `set` makes a new one. The contract allows
   * it: "a variant/warehouse pair missing from a full read has no stock record, which is not the
   * same as 0" (docs/api-x.openapi.yaml, GET /v1/stock); it names no deletion feed, so an
   * incremental read does not tell either.
   */
  remove(variantId: string, warehouseId: string): void;
  /** Changes about `fraction` of all levels (deterministic from `seed`); returns what changed. */
  applyChanges(changes: { seed: number; fraction: number }): ApixStockRecord[];
  /** Serves a malformed version of one level until `clearCorruptions()`. */
  corrupt(variantId: string, warehouseId: string, fields: Record<string, unknown>): void;
  /** Serves `record` as an extra (stale or newer) copy right after the level it names. */
  duplicate(record: ApixStockRecord): void;
  clearCorruptions(): void;
  /**
   * Called once a read's first page was built, before it is answered: the snapshot is taken, and
   * what the hook changes elsewhere (an order placed in the shop) happens "after API X's read".
   */
  onFirstPage(hook: (() => void) | null): void;
  page(request: PageRequest): Page;
}

/** Levels generated before any change carry this instant, so incremental reads skip them. */
export const STOCK_EPOCH = '2026-01-01T00:00:00.000Z';

export function createSimulatedStock(options: {
  readonly seed: number;
  readonly catalog: SimulatedCatalog;
  readonly warehouses: readonly string[];
}): SimulatedStock {
  const { catalog, warehouses } = options;
  const overrides = new Map<string, ApixStockRecord>();
  const corruptions = new Map<string, Record<string, unknown>>();
  const duplicates = new Map<string, ApixStockRecord[]>();
  const removed = new Set<string>();
  let hook: (() => void) | null = null;
  const key = (v: string, w: string) => `${v}\u0000${w}`;

  // A level API X never changed dates from its product (created with it), at the earliest the epoch.
  const generated = (variantId: string, warehouseId: string, since: string): ApixStockRecord => ({
    variantId,
    warehouseId,
    onHand: hashSeed(options.seed, 'stock', variantId, warehouseId) % 50,
    updatedAt: Date.parse(since) > Date.parse(STOCK_EPOCH) ? since : STOCK_EPOCH,
  });
  const current = (v: string, w: string, since: string) =>
    overrides.get(key(v, w)) ?? generated(v, w, since);

  function* all(): Generator<ApixStockRecord> {
    for (const product of catalog.products())
      for (const variant of product.variants)
        for (const w of warehouses)
          if (!removed.has(key(variant.id, w))) yield current(variant.id, w, product.updatedAt);
  }

  return {
    warehouses,
    levels: all,
    level(variantId, warehouseId) {
      for (const product of catalog.products())
        if (product.variants.some((v) => v.id === variantId))
          return warehouses.includes(warehouseId) && !removed.has(key(variantId, warehouseId))
            ? current(variantId, warehouseId, product.updatedAt)
            : undefined;
      return undefined;
    },
    set(variantId, warehouseId, onHand) {
      removed.delete(key(variantId, warehouseId));
      overrides.set(key(variantId, warehouseId), {
        variantId,
        warehouseId,
        onHand,
        updatedAt: new Date().toISOString(),
      });
    },
    applyChanges({ seed, fraction }) {
      const random = createRandom(hashSeed(options.seed, 'stock-changes', seed));
      const now = new Date().toISOString();
      const changed: ApixStockRecord[] = [];
      for (const level of all()) {
        if (random() >= fraction) continue;
        const next = { ...level, onHand: (level.onHand + 1 + Math.floor(random() * 20)) % 60 };
        next.updatedAt = now;
        overrides.set(key(level.variantId, level.warehouseId), next);
        changed.push(next);
      }
      return changed;
    },
    remove: (v, w) => void removed.add(key(v, w)),
    corrupt: (v, w, fields) => void corruptions.set(key(v, w), fields),
    duplicate(record) {
      const k = key(record.variantId, record.warehouseId);
      duplicates.set(k, [...(duplicates.get(k) ?? []), record]);
    },
    clearCorruptions() {
      corruptions.clear();
      duplicates.clear();
    },
    onFirstPage: (h) => void (hook = h),
    page(request) {
      // The cursor is a position in the listing (products in id order, each product's variants
      // by warehouse): the product last served from and how many of its levels were served.
      // A page goes on from there instead of walking the listing from its start.
      let after: { p: string; n: number } | null = null;
      if (request.cursor !== null) {
        const position = decodeCursor(request.cursor);
        const p = cursorString(position, 'p');
        const n = position['n'];
        if (typeof n !== 'number' || !Number.isSafeInteger(n))
          throw new InvalidCursorError('cursor is not one this API issued');
        after = { p, n };
      }
      const data: unknown[] = [];
      let nextCursor: string | null = null;
      const products = (function* () {
        if (after) {
          const first = catalog.product(after.p);
          if (first) yield { product: first, skip: after.n };
        }
        for (const product of catalog.productsAfter(after?.p ?? null)) yield { product, skip: 0 };
      })();
      listing: for (const { product, skip } of products) {
        let n = 0;
        for (const variant of product.variants)
          for (const w of warehouses) {
            n += 1;
            if (n <= skip) continue;
            const level = current(variant.id, w, product.updatedAt);
            const k = key(level.variantId, level.warehouseId);
            const served = [
              ...(removed.has(k) ? [] : [level]),
              ...(duplicates.get(k) ?? []),
            ].filter(
              (r) =>
                request.updatedSinceMs === null ||
                Date.parse(r.updatedAt) >= request.updatedSinceMs,
            );
            if (served.length === 0) continue;
            if (data.length >= request.limit) {
              nextCursor = encodeCursor({ p: product.id, n: n - 1 });
              break listing;
            }
            for (const r of served) {
              const corruption = r === level ? corruptions.get(k) : undefined;
              data.push(corruption ? { ...r, ...corruption } : r);
            }
          }
      }
      if (request.cursor === null && hook) hook();
      return { data, nextCursor };
    },
  };
}
