import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bulkOperationFailure } from '../../src/domain/bulk-operation-failure.js';

const rows: [status: string, errorCode: string | null, retryable: boolean, hint: RegExp][] = [
  ['FAILED', 'ACCESS_DENIED', false, /access scope/],
  ['FAILED', 'INTERNAL_SERVER_ERROR', true, /next run/],
  ['FAILED', 'TIMEOUT', true, /next run/],
  ['CANCELED', null, true, /next run/],
  ['EXPIRED', null, true, /next run/],
];

for (const [status, errorCode, retryable, hint] of rows) {
  test(`bulk operation ${status} ${errorCode ?? ''}: retryable ${retryable}`, () => {
    const error = bulkOperationFailure(
      'bulk export',
      'gid://shopify/BulkOperation/1',
      status,
      errorCode,
      'the next run retries',
    );
    assert.is(error.retryable, retryable);
    assert.match(error.hint ?? '', hint);
    assert.match(error.message, new RegExp(`bulk export \\S+ ended ${status}`));
  });
}

test.run();
