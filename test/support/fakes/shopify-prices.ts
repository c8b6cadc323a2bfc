import type { SyncPricesDeps } from '../../../src/app/usecases/sync-prices.js';
import type { PriceChange } from '../../../src/domain/ports/price-writes.js';

type Answer = Awaited<ReturnType<SyncPricesDeps['shopify']['updateVariantPrices']>>;

/**
 * Shopify's price writes, in memory: `answer` decides each productVariantsBulkUpdate (default:
 * written), and each line of a bulk price update (its result line has the same number); every
 * call and bulk line is kept in `calls`.
 */
export function createFakeShopifyPrices(
  answer: (productId: string, prices: readonly PriceChange['price'][]) => Answer = () => ({
    ok: true,
    value: undefined,
  }),
) {
  const calls: { productId: string; prices: PriceChange['price'][] }[] = [];
  const results: Answer[] = [];
  const shopify: SyncPricesDeps['shopify'] = {
    async updateVariantPrices(productId, prices) {
      calls.push({ productId, prices: [...prices] });
      return answer(productId, prices);
    },
    async startBulkPriceUpdate(lines) {
      results.length = 0;
      for await (const line of lines) {
        calls.push({ productId: line.productId, prices: [...line.prices] });
        results.push(answer(line.productId, line.prices));
      }
      return { operationId: 'gid://shopify/BulkOperation/1', lines: results.length };
    },
    async *bulkPriceResults() {
      for (const [lineNumber, result] of results.entries()) yield { lineNumber, result };
    },
  };
  return { shopify, calls };
}
