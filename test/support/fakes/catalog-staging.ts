import type { ProductDraft } from '../../../src/domain/model/catalog-write.js';
import type {
  CatalogStaging,
  KnownContent,
  StagedPrice,
  StagedProduct,
} from '../../../src/domain/ports/catalog-staging.js';

/**
 * The staging tables of one shop, in memory. Like the Postgres upsert, one batch that names a row
 * twice is refused whole ("ON CONFLICT DO UPDATE command cannot affect row a second time"), so a
 * use case that leaves a repeat in its buffer fails here as it would in production. It knows no
 * Shopify side: every product staged with an 'unbuilt' draft is answered as wanted. Remembered
 * content hashes outlive resetStaging, as in Postgres.
 */
export function createFakeCatalogStaging() {
  // An 'unbuilt' draft is stored as null until stageDrafts brings it (at once: all are wanted).
  const products = new Map<string, Omit<StagedProduct, 'draft'> & { draft: ProductDraft | null }>();
  const prices = new Map<string, StagedPrice>();
  const known = new Map<string, KnownContent>();
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
    async knownContentOf(externalIds) {
      return new Map(
        externalIds.flatMap((id) => {
          const k = known.get(id);
          return k ? [[id, k] as const] : [];
        }),
      );
    },
    async stageProducts(batch) {
      once(
        batch.map((p) => p.externalId),
        'staged_products',
      );
      for (const p of batch) {
        products.set(p.externalId, { ...p, draft: p.draft === 'unbuilt' ? null : p.draft });
        if (p.recordKey !== undefined)
          known.set(p.externalId, { recordKey: p.recordKey, contentHash: p.contentHash });
      }
      return batch.filter((p) => p.draft === 'unbuilt').map((p) => p.externalId);
    },
    async stageDrafts(drafts) {
      for (const draft of drafts) {
        const row = products.get(draft.externalId);
        if (!row)
          throw new Error(`staged_products: no staged row for the draft of ${draft.externalId}`);
        products.set(draft.externalId, { ...row, draft });
      }
    },
  };
  return { staging, products, prices, known, resets: () => resets };
}
