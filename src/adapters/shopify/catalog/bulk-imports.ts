import type { WriteResult } from '../../../domain/model/catalog-write.js';
import type {
  BulkProductResult,
  ShopifyBulkImports,
} from '../../../domain/ports/shopify-bulk-imports.js';
import { readMutationResultLine, readResultLine } from '../bulk/result-lines.js';
import type { ShopifyBulk } from '../bulk/shopify-bulk.js';
import * as doc from './bulk-import-documents.js';
import { obj, str } from '../graphql-values.js';
import { toProductSetVariables, toUpsertResult } from '../product-set-input.js';
import { writeResult, type ShopifyCatalogOptions } from './catalog-options.js';
import { toVariantPriceInput } from './prices.js';
import { allVariantIds } from './variant-ids.js';

/**
 * One line of a bulk productSet result file → BulkProductResult. The external id is read back
 * from the product's custom id; a line whose product was not saved has none (''), and callers
 * match it by `lineNumber` to the draft they streamed (same order).
 */
export function toBulkProductResult(
  line: string,
  index: number,
): BulkProductResult & { readonly moreVariants: boolean } {
  const { lineNumber, data, errors } = readResultLine(line, index);
  const payload = obj(data['productSet']);
  const product = obj(payload['product']);
  const externalId = str(obj(product['metafield'])['value']) ?? '';
  // More than 250 variants: the line holds the first page only (the rest is read by query).
  const moreVariants = obj(obj(product['variants'])['pageInfo'])['hasNextPage'] === true;
  if (errors.length > 0)
    return { lineNumber, externalId, moreVariants, result: { ok: false, errors } };
  return { lineNumber, externalId, moreVariants, result: toUpsertResult(payload) };
}

async function* map<T, U>(items: AsyncIterable<T>, f: (item: T) => U): AsyncGenerator<U> {
  for await (const item of items) yield f(item);
}

/** One line of a bulk price result file. */
export function toBulkPriceResult(
  line: string,
  index: number,
): { lineNumber: number; result: WriteResult<void> } {
  const { lineNumber, errors } = readMutationResultLine(line, index, 'productVariantsBulkUpdate');
  return { lineNumber, result: writeResult(errors, undefined) };
}

export function createShopifyBulkImports(
  options: ShopifyCatalogOptions,
  bulk: ShopifyBulk,
): ShopifyBulkImports {
  const { client, customId } = options;
  return {
    startBulkProductUpsert(drafts, signal) {
      return bulk.startMutation(
        doc.PRODUCT_SET_BULK,
        'product-set',
        map(drafts, (draft) => ({ ...toProductSetVariables(draft, customId), ...customId })),
        signal,
      );
    },

    startBulkPriceUpdate(lines, signal) {
      return bulk.startMutation(
        doc.VARIANT_PRICES_BULK,
        'variant-prices',
        map(lines, (l) => ({
          productId: l.productId,
          variants: l.prices.map(toVariantPriceInput),
        })),
        signal,
      );
    },

    bulkOperation: bulk.state,

    async waitForBulkOperation(operationId, options) {
      const op = await bulk.waitUntilDone(operationId, options.signal, options.onProgress);
      return { ...op, failure: bulk.failureOf(op, 'bulk operation', options.retryHint) };
    },

    async *bulkProductResults(url, signal) {
      for await (const { line, index } of bulk.resultLines(url, signal)) {
        const { moreVariants, ...line0 } = toBulkProductResult(line, index);
        if (!moreVariants || !line0.result.ok) {
          yield line0;
          continue;
        }
        const { productId } = line0.result.value;
        const variantIds = await allVariantIds(
          client,
          customId,
          productId,
          { variants: [] },
          signal,
        );
        yield { ...line0, result: { ok: true, value: { productId, variantIds } } };
      }
    },

    async *bulkPriceResults(url, signal) {
      for await (const { line, index } of bulk.resultLines(url, signal))
        yield toBulkPriceResult(line, index);
    },
  };
}
