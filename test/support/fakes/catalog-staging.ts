import type { ProductDraft, ProductStatus } from '../../../src/domain/model/catalog-write.js';
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
 * Shopify side of its own: a product staged with an 'unbuilt' draft is answered as wanted unless
 * `shopifyHas` gives it that content hash (what mappings would hold). Remembered content hashes
 * outlive resetStaging, as in Postgres.
 */
export function createFakeCatalogStaging(
  options: { shopifyHas?: ReadonlyMap<string, string> } = {},
) {
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
      return batch
        .filter(
          (p) => p.draft === 'unbuilt' && options.shopifyHas?.get(p.externalId) !== p.contentHash,
        )
        .map((p) => p.externalId);
    },
    async stageDrafts(drafts) {
      for (const draft of drafts) {
        const row = products.get(draft.externalId);
        if (!row)
          throw new Error(`staged_products: no staged row for the draft of ${draft.externalId}`);
        products.set(draft.externalId, { ...row, draft });
      }
    },
    // productStatus's rule (catalog-mapping.ts) over the staged prices, as the Postgres adapter.
    async checkProvisional(archiveStatus: Exclude<ProductStatus, 'ACTIVE'>) {
      const checked = [...products.values()].flatMap((p) => {
        if (p.variantIds === undefined) return [];
        const priced = p.variantIds.every((v) => prices.has(v));
        const status = !p.active ? archiveStatus : priced ? 'ACTIVE' : 'DRAFT';
        return [
          {
            id: p.externalId,
            redraft: (p.assumedStatus ?? null) !== null && p.assumedStatus !== status,
            unpriced: p.active && !priced,
          },
        ];
      });
      return {
        redraft: checked.filter((c) => c.redraft).map((c) => c.id),
        unpricedProducts: checked.filter((c) => c.unpriced).length,
      };
    },
    async unpricedStaged(after, limit) {
      return [...products.values()]
        .filter((p) => p.active && p.variantIds !== undefined)
        .sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0))
        .flatMap((p) =>
          (p.variantIds ?? []).flatMap((v, i) =>
            prices.has(v)
              ? []
              : [{ productExternalId: p.externalId, variantExternalId: v, position: i + 1 }],
          ),
        )
        .filter(
          (u) =>
            after === null ||
            u.productExternalId > after.productExternalId ||
            (u.productExternalId === after.productExternalId && u.position > after.position),
        )
        .slice(0, limit);
    },
  };
  return { staging, products, prices, known, resets: () => resets };
}
