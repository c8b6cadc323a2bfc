import type { ProductRecords, ProductWritten } from '../../../src/domain/ports/product-records.js';

/**
 * What is recorded of products written to Shopify, in memory: every saveProductsWritten call is
 * kept in `written`, markArchived in `archived`; `gone` are the mapped products API X no longer
 * serves (not yet archived).
 */
export function createFakeProductRecords(
  gone: readonly { readonly externalId: string; readonly productId: string }[] = [],
) {
  const written: ProductWritten[] = [];
  const archived = new Set<string>();
  const forgotten: string[] = [];
  const records: ProductRecords = {
    async saveProductsWritten(products) {
      written.push(...products);
    },
    async goneProducts(after, limit) {
      return [...gone]
        .sort((a, b) => a.externalId.localeCompare(b.externalId))
        .filter((p) => !archived.has(p.externalId) && (after === null || p.externalId > after))
        .slice(0, limit);
    },
    async markArchived(ids) {
      for (const id of ids) archived.add(id);
    },
    async *mappedProductIds() {
      yield written.map((w) => w.productId);
    },
    async forgetProducts(ids) {
      forgotten.push(...ids);
      return ids.length;
    },
  };
  return { records, written, archived, forgotten };
}
