import type {
  ApixCategoryRecord,
  ApixEntity,
  ApixPriceRecord,
  ApixProductRecord,
} from './apix-records.js';
import {
  cursorString,
  decodeCursor,
  InvalidCursorError,
  takePage,
  type Page,
  type PageRequest,
} from './catalog-paging.js';
import {
  categoryId,
  categoryIndexOf,
  generateCategory,
  generatePrice,
  generateProduct,
  type GeneratorSettings,
  productId,
  productIndexOf,
} from './catalog-generator.js';
import { createKeyedCollection } from './keyed-collection.js';
import { applyDailyChanges, type DailyChanges, type DailyChangeSummary } from './daily-changes.js';

/** Replaces the served record (function) or shallow-merges fields into it (object). */
export type Mutation =
  ((record: Record<string, unknown>) => unknown) | Readonly<Record<string, unknown>>;

/**
 * API X's catalogue in the simulator. The iterators (`categories()`, `products()`, `prices()`)
 * yield the current records clean, i.e. what a correct sync should end up with in Shopify;
 * `page()` serves them as the API does, with corruptions applied.
 */
export interface SimulatedCatalog {
  readonly currency: string;
  categories(): Generator<ApixCategoryRecord>;
  products(): Generator<ApixProductRecord>;
  /** The current products after `id` in listing order (from the start for null). */
  productsAfter(id: string | null): Generator<ApixProductRecord>;
  /** One price per variant of every current product, in product order. */
  prices(): Generator<ApixPriceRecord>;
  category(id: string): ApixCategoryRecord | undefined;
  product(id: string): ApixProductRecord | undefined;
  price(variantId: string): ApixPriceRecord;
  setCategory(record: ApixCategoryRecord): void;
  removeCategory(id: string): boolean;
  setProduct(record: ApixProductRecord): void;
  removeProduct(id: string): boolean;
  setPrice(
    variantId: string,
    price: { amount: string; compareAtAmount?: string | null; currency?: string },
  ): void;
  /** API X stops listing this variant's price (until `setPrice`). */
  removePrice(variantId: string): void;
  /**
   * Serves `record` a second time, right after the record `afterId` in the listing (as a record
   * changed during a read reappears on a later page), until `clearCorruptions()`. The extra copy
   * shares the position of `afterId`: a page cut exactly between them drops it.
   */
  reappear(entity: 'category' | 'product', afterId: string, record: object): void;
  /** Serves a malformed version of one record until `clearCorruptions()`. */
  corrupt(entity: ApixEntity, id: string, mutation: Mutation): void;
  corrupted(): readonly { readonly entity: ApixEntity; readonly id: string }[];
  clearCorruptions(): void;
  applyDailyChanges(changes: DailyChanges): DailyChangeSummary;
  /** Live counts (products computed + added - removed). */
  size(): { readonly categories: number; readonly products: number };
  page(entity: ApixEntity, request: PageRequest): Page;
}

export interface SimulatedCatalogOptions {
  readonly seed: number;
  readonly products: number;
  readonly variantsPerProduct: number | readonly [number, number];
  readonly categories: number;
  readonly currency: string;
}

export function createSimulatedCatalog(options: SimulatedCatalogOptions): SimulatedCatalog {
  const settings: GeneratorSettings = {
    seed: options.seed,
    variantsPerProduct: options.variantsPerProduct,
    categories: options.categories,
    currency: options.currency,
  };
  const categories = createKeyedCollection<ApixCategoryRecord>({
    initialCount: options.categories,
    idOf: categoryId,
    indexOf: categoryIndexOf,
    generate: (i, _version, updatedAt) => generateCategory(settings, i, updatedAt),
  });
  const products = createKeyedCollection<ApixProductRecord>({
    initialCount: options.products,
    idOf: productId,
    indexOf: productIndexOf,
    generate: (i, version, updatedAt) => generateProduct(settings, i, version, updatedAt),
  });
  const priceVersions = new Map<string, { version: number; updatedAt: string }>();
  const priceOverrides = new Map<string, ApixPriceRecord>();
  const withheldPrices = new Set<string>();
  const reappearing = new Map<string, { entity: ApixEntity; record: { updatedAt: string } }[]>();
  const corruptions = new Map<string, { entity: ApixEntity; id: string; mutation: Mutation }>();

  const price = (variantId: string): ApixPriceRecord => {
    const override = priceOverrides.get(variantId);
    if (override) return override;
    const v = priceVersions.get(variantId);
    return generatePrice(settings, variantId, v?.version ?? 0, v?.updatedAt ?? null);
  };

  function* live<R>(
    collection: {
      idsAfter(after: string | null): Generator<string>;
      get(id: string): R | undefined;
    },
    after: string | null,
  ) {
    for (const id of collection.idsAfter(after)) {
      const record = collection.get(id);
      if (record !== undefined) yield { id, record };
    }
  }

  /** Prices from a position (product id, variants of it already served), in listing order. */
  function* priceEntries(fromProduct: string | null, skip: number) {
    const first = fromProduct === null ? undefined : products.get(fromProduct);
    if (first) {
      for (const [k, v] of first.variants.entries()) {
        if (k >= skip && !withheldPrices.has(v.id))
          yield { position: { p: first.id, n: k + 1 }, record: price(v.id) };
      }
    }
    for (const { record: product } of live(products, fromProduct)) {
      for (const [k, v] of product.variants.entries()) {
        if (!withheldPrices.has(v.id))
          yield { position: { p: product.id, n: k + 1 }, record: price(v.id) };
      }
    }
  }

  function served(entity: ApixEntity, id: string, record: object): unknown {
    const corruption = corruptions.get(`${entity}:${id}`);
    if (!corruption) return record;
    const copy = structuredClone(record) as Record<string, unknown>;
    return typeof corruption.mutation === 'function'
      ? corruption.mutation(copy)
      : { ...copy, ...corruption.mutation };
  }

  return {
    currency: options.currency,
    *categories() {
      for (const { record } of live(categories, null)) yield record;
    },
    *products() {
      for (const { record } of live(products, null)) yield record;
    },
    *productsAfter(id) {
      for (const { record } of live(products, id)) yield record;
    },
    *prices() {
      for (const { record } of priceEntries(null, 0)) yield record;
    },
    category: (id) => categories.get(id),
    product: (id) => products.get(id),
    price,
    setCategory: (record) => categories.set(record.id, record),
    removeCategory: (id) => categories.remove(id),
    setProduct: (record) => products.set(record.id, record),
    removeProduct: (id) => products.remove(id),
    removePrice: (variantId) => void withheldPrices.add(variantId),
    setPrice(variantId, p) {
      withheldPrices.delete(variantId);
      priceOverrides.set(variantId, {
        variantId,
        amount: p.amount,
        compareAtAmount: p.compareAtAmount ?? null,
        currency: p.currency ?? options.currency,
        updatedAt: new Date().toISOString(),
      });
    },
    corrupt(entity, id, mutation) {
      corruptions.set(`${entity}:${id}`, { entity, id, mutation });
    },
    corrupted: () => [...corruptions.values()].map(({ entity, id }) => ({ entity, id })),
    reappear(entity, afterId, record) {
      const key = `${entity}:${afterId}`;
      reappearing.set(key, [
        ...(reappearing.get(key) ?? []),
        { entity, record: record as { updatedAt: string } },
      ]);
    },
    clearCorruptions: () => {
      corruptions.clear();
      reappearing.clear();
    },
    applyDailyChanges: (changes) =>
      applyDailyChanges(
        {
          seed: options.seed,
          variantsPerProduct: options.variantsPerProduct,
          products,
          priceVersions,
          priceOverrides,
        },
        changes,
      ),
    size: () => ({ categories: categories.liveCount(), products: products.liveCount() }),
    page(entity, request) {
      const position = request.cursor === null ? null : decodeCursor(request.cursor);
      if (entity === 'price') {
        const from = position === null ? null : cursorString(position, 'p');
        const skip = position === null ? 0 : Number(position['n']);
        if (!Number.isInteger(skip) || skip < 0)
          throw new InvalidCursorError('cursor is not one this API issued');
        const entries = (function* () {
          for (const e of priceEntries(from, skip))
            yield { position: e.position, id: e.record.variantId, record: e.record };
        })();
        return takePage(entries, entity, request, served);
      }
      const after = position === null ? null : cursorString(position, 'k');
      const collection = entity === 'category' ? categories : products;
      const entries = (function* () {
        for (const { id, record } of live<{ updatedAt: string }>(collection, after)) {
          yield { position: { k: id }, id, record };
          for (const extra of reappearing.get(`${entity}:${id}`) ?? [])
            yield { position: { k: id }, id: `${id}:again`, record: extra.record };
        }
      })();
      return takePage(entries, entity, request, served);
    },
  };
}
