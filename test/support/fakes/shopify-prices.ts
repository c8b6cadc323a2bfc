import type { SyncPricesDeps } from '../../../src/app/usecases/sync-prices.js';
import type { PriceChange } from '../../../src/domain/ports/price-writes.js';

type Answer = Awaited<ReturnType<SyncPricesDeps['shopify']['updateVariantPrices']>>;

/**
 * Shopify's price writes, in memory: `answer` decides each productVariantsBulkUpdate (default:
 * written); every call is kept in `calls`. No bulk operation: the bulk path needs another fake.
 */
export function createFakeShopifyPrices(
  answer: (productId: string, prices: readonly PriceChange['price'][]) => Answer = () => ({
    ok: true,
    value: undefined,
  }),
) {
  const calls: { productId: string; prices: PriceChange['price'][] }[] = [];
  const shopify: SyncPricesDeps['shopify'] = {
    async updateVariantPrices(productId, prices) {
      calls.push({ productId, prices: [...prices] });
      return answer(productId, prices);
    },
    async startBulkPriceUpdate() {
      throw new Error('this fake sends no bulk operation');
    },
    // eslint-disable-next-line require-yield
    async *bulkPriceResults() {
      throw new Error('this fake sends no bulk operation');
    },
  };
  return { shopify, calls };
}
