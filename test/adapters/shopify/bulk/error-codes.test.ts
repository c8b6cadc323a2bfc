import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toBulkState, isTerminal } from '../../../../src/adapters/shopify/bulk/bulk-state.js';
import {
  BulkBusyError,
  bulkOperationFailure,
  bulkOperationNotFound,
  bulkStartError,
} from '../../../../src/adapters/shopify/bulk/error-codes.js';
import { nextPollDelay } from '../../../../src/adapters/shopify/bulk/poll.js';
import { UpstreamError } from '../../../../src/domain/errors.js';
import type { BulkStatus } from '../../../../src/domain/ports/shopify-bulk-imports.js';

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

/**
 * Every decision of the one table, including the rows the old paths disagreed on: ACCESS_DENIED
 * (orders said retryable), an unknown code (read as intermittent), and "not found".
 */
const decisions: [name: string, error: UpstreamError, retryable: boolean, busy: boolean][] = [
  [
    'FAILED ACCESS_DENIED',
    bulkOperationFailure('bulk export', 'x', 'FAILED', 'ACCESS_DENIED', 'h'),
    false,
    false,
  ],
  [
    'FAILED INTERNAL_SERVER_ERROR',
    bulkOperationFailure('bulk export', 'x', 'FAILED', 'INTERNAL_SERVER_ERROR', 'h'),
    true,
    false,
  ],
  [
    'FAILED TIMEOUT',
    bulkOperationFailure('bulk export', 'x', 'FAILED', 'TIMEOUT', 'h'),
    true,
    false,
  ],
  [
    'FAILED with a code not documented yet',
    bulkOperationFailure('bulk export', 'x', 'FAILED', 'SOMETHING_NEW', 'h'),
    true,
    false,
  ],
  ['CANCELED', bulkOperationFailure('bulk export', 'x', 'CANCELED', null, 'h'), true, false],
  ['EXPIRED', bulkOperationFailure('bulk export', 'x', 'EXPIRED', null, 'h'), true, false],
  ['not found', bulkOperationNotFound('gid://shopify/BulkOperation/9'), false, false],
  [
    'start: LIMIT_REACHED',
    bulkStartError('bulk x', [{ field: null, message: 'limit', code: 'LIMIT_REACHED' }]),
    true,
    true,
  ],
  [
    'start: OPERATION_IN_PROGRESS',
    bulkStartError('bulk x', [{ field: null, message: 'busy', code: 'OPERATION_IN_PROGRESS' }]),
    true,
    true,
  ],
  [
    'start: INVALID',
    bulkStartError('bulk x', [{ field: 'query', message: 'bad', code: 'INVALID' }]),
    false,
    false,
  ],
  ['start: no operation id, no error', bulkStartError('bulk x', []), false, false],
];

for (const [name, error, retryable, busy] of decisions) {
  test(`decision: ${name} -> retryable ${retryable}${busy ? ', busy' : ''}`, () => {
    assert.instance(error, UpstreamError);
    assert.is(error.retryable, retryable);
    assert.is(error instanceof BulkBusyError, busy);
  });
}

const statuses: [status: BulkStatus, terminal: boolean][] = [
  ['CREATED', false],
  ['RUNNING', false],
  // "There may be a short delay from when a cancelation starts until the operation is actually
  // canceled": polled on until CANCELED.
  ['CANCELING', false],
  ['COMPLETED', true],
  ['FAILED', true],
  ['CANCELED', true],
  ['EXPIRED', true],
];

for (const [status, terminal] of statuses) {
  test(`status ${status}: terminal ${terminal}`, () => {
    const state = toBulkState({ id: 'gid://shopify/BulkOperation/1', status, objectCount: '7' });
    assert.is(state?.objectCount, 7);
    assert.is(isTerminal(status), terminal);
  });
}

test('an unknown status or a missing id is no state at all', () => {
  assert.is(toBulkState({ id: 'gid://shopify/BulkOperation/1', status: 'PAUSED' }), null);
  assert.is(toBulkState({ status: 'RUNNING' }), null);
  assert.is(toBulkState(null), null);
});

const delays: [previous: number | null, next: number][] = [
  [null, 250],
  [250, 375],
  [375, 563],
  [4000, 5000],
  [5000, 5000],
];

for (const [previous, next] of delays) {
  test(`poll policy: after ${previous ?? 'nothing'} wait ${next}`, () => {
    assert.is(nextPollDelay({ min: 250, max: 5000 }, previous), next);
  });
}

test.run();
