/** Deleted orders over an in-memory store: which ones the operator is told to look at in API X. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import { createDetectDeletedOrders } from '../../../src/app/usecases/detect-deleted-orders.js';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import type { RecordError } from '../../../src/domain/model/record-error.js';
import type { DeletedOrder } from '../../../src/domain/ports/order-deletions.js';
import { silent } from '../../support/silent-logger.js';

const order = (over: Partial<DeletedOrder>): DeletedOrder => ({
  shopifyId: 'gid://shopify/Order/1',
  name: '#1001',
  apixReference: null,
  pushedVersion: null,
  previousState: 'pending',
  inflightVersion: null,
  ...over,
});

async function detect(marked: DeletedOrder): Promise<RecordError[]> {
  const errors: RecordError[] = [];
  const ctx: StepContext = {
    runId: 'r1',
    signal: new AbortController().signal,
    logger: silent,
    counter: createRunCounter(),
    recordError: async (e) => {
      errors.push(e);
    },
  };
  const detector = createDetectDeletedOrders({
    source: {
      async *deletedOrdersSince() {
        yield { id: marked.shopifyId, deletedAt: '2026-11-30T11:59:00Z' };
      },
    },
    store: { cursor: async () => null, markDeleted: async () => [marked] },
  });
  await detector.run(ctx, { dryRun: false, backfillDays: 60 });
  return errors;
}

const cases: [string, DeletedOrder, RegExp | null][] = [
  ['never sent: only logged', order({}), null],
  [
    'a push in flight, its answer lost: API X may hold it',
    order({ inflightVersion: 2, previousState: 'failed' }),
    /push of it \(version 2\) was in flight.*Check API X for order #1001/,
  ],
  [
    'API X holds a version: cancel it there',
    order({ apixReference: 'AX-9', pushedVersion: 1, previousState: 'pushed' }),
    /after API X received it \(reference AX-9/,
  ],
];
for (const [name, marked, reason] of cases)
  test(`table: ${name}`, async () => {
    const errors = await detect(marked);
    if (reason === null) assert.is(errors.length, 0);
    else {
      assert.is(errors.length, 1);
      assert.match(errors[0]?.reason ?? '', reason);
    }
  });

test.run();
