import { createBulkOperations } from '../../../src/app/usecases/bulk-operation.js';
import type {
  ProductDraft,
  UpsertedProduct,
  WriteResult,
} from '../../../src/domain/model/catalog-write.js';
import type { ShopifyBulkImports } from '../../../src/domain/ports/shopify-bulk-imports.js';
import { createFakeBulkLedger } from './bulk-ledger.js';

/**
 * Shopify's bulk productSet, in memory: each operation keeps the drafts of its file, completes at
 * once, and answers each line with `answer`; `files` holds every file sent, for the assertions.
 */
export function createFakeBulkProductImports(
  answer: (draft: ProductDraft) => WriteResult<UpsertedProduct>,
) {
  const files: ProductDraft[][] = [];
  const shopify: Pick<
    ShopifyBulkImports,
    'startBulkProductUpsert' | 'bulkProductResults' | 'waitForBulkOperation'
  > = {
    async startBulkProductUpsert(drafts) {
      const file: ProductDraft[] = [];
      for await (const d of drafts) file.push(d);
      files.push(file);
      return { operationId: `op-${files.length}`, lines: file.length };
    },
    async *bulkProductResults(url) {
      const file = files[Number(url.slice('op-'.length)) - 1] ?? [];
      for (const [lineNumber, draft] of file.entries())
        yield { lineNumber, externalId: draft.externalId, result: answer(draft) };
    },
    async waitForBulkOperation(operationId) {
      return {
        id: operationId,
        status: 'COMPLETED',
        errorCode: null,
        objectCount: files[Number(operationId.slice('op-'.length)) - 1]?.length ?? 0,
        url: operationId,
        partialDataUrl: null,
        failure: null,
      };
    },
  };
  const bulk = createBulkOperations({ shopify, state: createFakeBulkLedger().ledger });
  return { shopify, bulk, files };
}
