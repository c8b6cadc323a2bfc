import type { Category, Price, Product } from '../../../src/domain/model/catalog.js';
import type { Parsed } from '../../../src/domain/model/record-error.js';
import type { CatalogSource } from '../../../src/domain/ports/catalog-source.js';

/** A record as API X's adapter yields it: parsed, or named as malformed. */
export const parsed = <T>(value: T): Parsed<T> => ({ ok: true, value });

/** API X's catalogue feed, in memory, in the order given (repeats and malformed records included). */
export function createFakeCatalogSource(feed: {
  categories?: readonly Parsed<Category>[];
  products?: readonly Parsed<Product>[];
  prices?: readonly Parsed<Price>[];
}): CatalogSource {
  return {
    async *categories() {
      yield* feed.categories ?? [];
    },
    async *products() {
      yield* feed.products ?? [];
    },
    async *prices() {
      yield* feed.prices ?? [];
    },
  };
}
