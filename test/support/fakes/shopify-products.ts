import type { SyncProductsDeps } from '../../../src/app/usecases/sync-products.js';
import type {
  ProductDraft,
  ProductStatus,
  UpsertedProduct,
  WriteResult,
} from '../../../src/domain/model/catalog-write.js';

/**
 * Shopify's product writes, in memory: `answer` decides each productSet (default: written, with
 * GIDs derived from the external ids); every write, status change and release is
 * kept for the assertions. No bulk operation: a test of the bulk path needs another fake.
 */
export function createFakeShopifyProducts(
  answer: (draft: ProductDraft) => WriteResult<UpsertedProduct> = (draft) => ({
    ok: true,
    value: {
      productId: `gid://shopify/Product/${draft.externalId}`,
      variantIds: Object.fromEntries(
        draft.variants.map((v) => [v.externalId, `gid://shopify/ProductVariant/${v.externalId}`]),
      ),
    },
  }),
) {
  const upserts: ProductDraft[] = [];
  const statuses: { externalId: string; status: ProductStatus }[] = [];
  const released: string[] = [];
  const shopify: SyncProductsDeps['shopify'] = {
    async upsertProduct(draft) {
      upserts.push(draft);
      return answer(draft);
    },
    async variantsOfProduct() {
      return new Map();
    },
    async releaseVariantCustomIds(ids) {
      released.push(...ids);
    },
    async setProductStatus(externalId, status) {
      statuses.push({ externalId, status });
      return { ok: true, value: { productId: `gid://shopify/Product/${externalId}` } };
    },
    async startBulkProductUpsert() {
      throw new Error('this fake sends no bulk operation');
    },
    // eslint-disable-next-line require-yield
    async *bulkProductResults() {
      throw new Error('this fake sends no bulk operation');
    },
    async shopVariants() {
      return { variants: 0, plus: false };
    },
  };
  return { shopify, upserts, statuses, released };
}
