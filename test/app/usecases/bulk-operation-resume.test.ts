/**
 * Resuming a bulk operation an earlier run left in flight, over an in-memory ledger. An id
 * Shopify no longer knows used to fail every run, the row never cleared; now the row is closed,
 * a warning names the id, nothing is applied (its products stay "sent, unrecorded" for the next
 * write to look up), and the run starts over.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bulkOperationNotFound } from '../../../src/adapters/shopify/bulk/error-codes.js';
import { createBulkOperations } from '../../../src/app/usecases/bulk-operation.js';
import { UpstreamError } from '../../../src/domain/errors.js';
import type { EndedBulkOperation } from '../../../src/domain/ports/shopify-bulk-imports.js';
import { createFakeBulkLedger } from '../../support/fakes/bulk-ledger.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';

const OP = 'gid://shopify/BulkOperation/41';

function setup(answer: () => Promise<EndedBulkOperation>) {
  const { ledger, operations } = createFakeBulkLedger();
  const bulk = createBulkOperations({
    shopify: { waitForBulkOperation: answer },
    state: ledger,
  });
  const applied: (string | null)[] = [];
  const apply = async (url: string | null) => void applied.push(url);
  return { ledger, operations, bulk, applied, apply };
}

test('an in-flight id Shopify no longer knows is cleared with a warning, not applied, and the next run has nothing to resume', async () => {
  const { ledger, operations, bulk, applied, apply } = setup(() =>
    Promise.reject(bulkOperationNotFound(OP)),
  );
  await ledger.recordBulkOperation('product-upsert', OP, 120, 'run-0');
  const first = fakeStepContext('run-1');
  assert.is(await bulk.resume(first.ctx, 'product-upsert', apply), false);
  assert.equal(applied, []);
  assert.is(operations.get(OP)?.status, 'NOT_FOUND');
  const warned = first.warnings().map((l) => l.message);
  assert.ok(
    warned.some((m) => m.includes(OP) && m.includes('not found')),
    `a warning names the operation: ${JSON.stringify(warned)}`,
  );
  const second = fakeStepContext('run-2');
  assert.is(await bulk.resume(second.ctx, 'product-upsert', apply), false);
  assert.equal(second.warnings(), []);
});

test('any other failure while resuming still fails the run and keeps the row for the next one', async () => {
  const busy = new UpstreamError('shopify', 'Shopify unavailable', { retryable: true });
  const { ledger, operations, bulk, apply } = setup(() => Promise.reject(busy));
  await ledger.recordBulkOperation('price-update', OP, 5, 'run-0');
  const run = fakeStepContext();
  try {
    await bulk.resume(run.ctx, 'price-update', apply);
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.is(error, busy);
  }
  assert.is(operations.get(OP)?.status, null);
  assert.equal(await ledger.inFlightBulkOperation('price-update'), {
    operationId: OP,
    lines: 5,
  });
});

test('a completed in-flight operation is applied once and closed', async () => {
  const { ledger, operations, bulk, applied, apply } = setup(async () => ({
    id: OP,
    status: 'COMPLETED',
    errorCode: null,
    objectCount: 3,
    url: 'https://storage.example/1.jsonl',
    partialDataUrl: null,
    failure: null,
  }));
  await ledger.recordBulkOperation('product-upsert', OP, 3, 'run-0');
  assert.is(await bulk.resume(fakeStepContext().ctx, 'product-upsert', apply), true);
  assert.equal(applied, ['https://storage.example/1.jsonl']);
  assert.is(operations.get(OP)?.status, 'COMPLETED');
});

test.run();
