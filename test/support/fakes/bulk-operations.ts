import { createBulkOperations } from '../../../src/app/usecases/bulk-operation.js';
import { createFakeBulkLedger } from './bulk-ledger.js';

/**
 * The bulk-operation runner of a step whose test sends no bulk operation (below the bulk
 * threshold): waiting for one fails the test loudly instead of hanging.
 */
export function noBulkOperations(): ReturnType<typeof createBulkOperations> {
  return createBulkOperations({
    shopify: {
      waitForBulkOperation: () => Promise.reject(new Error('no bulk operation in this test')),
    },
    state: createFakeBulkLedger().ledger,
  });
}

/**
 * The bulk-operation runner of a step whose test sends one bulk operation: it ends COMPLETED at
 * once with the result file `url`.
 */
export function completedBulkOperations(
  url = 'results.jsonl',
): ReturnType<typeof createBulkOperations> {
  return createBulkOperations({
    shopify: {
      waitForBulkOperation: async (id) => ({
        id,
        status: 'COMPLETED',
        errorCode: null,
        objectCount: 0,
        url,
        partialDataUrl: null,
        failure: null,
      }),
    },
    state: createFakeBulkLedger().ledger,
  });
}
