import type {
  CatalogStaging,
  StagedPrice,
  StagedProduct,
} from '../../../src/domain/ports/catalog-staging.js';

/**
 * The staging tables of one shop, in memory. Like the Postgres upsert, one batch that names a row
 * twice is refused whole ("ON CONFLICT DO UPDATE command cannot affect row a second time"), so a
 * use case that leaves a repeat in its buffer fails here as it would in production.
 */
export function createFakeCatalogStaging() {
  const products = new Map<string, StagedProduct>();
  const prices = new Map<string, StagedPrice>();
  let resets = 0;
  const once = (ids: readonly string[], table: string) => {
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice !== undefined)
      throw new Error(`${table}: one batch touches ${twice} twice (Postgres refuses the batch)`);
  };
  const staging: CatalogStaging = {
    async resetStaging() {
      resets++;
      products.clear();
      prices.clear();
    },
    async stagePrices(batch) {
      once(
        batch.map((p) => p.variantExternalId),
        'staged_prices',
      );
      for (const p of batch) prices.set(p.variantExternalId, p);
    },
    async stagedPricesOf(variantExternalIds) {
      return new Map(
        variantExternalIds.flatMap((id) => {
          const p = prices.get(id);
          return p ? [[id, p] as const] : [];
        }),
      );
    },
    async stageProducts(batch) {
      once(
        batch.map((p) => p.externalId),
        'staged_products',
      );
      for (const p of batch) products.set(p.externalId, p);
    },
  };
  return { staging, products, prices, resets: () => resets };
}
