import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import {
  apixUnavailable,
  claimTimings,
  createPushOrders,
  UNAVAILABLE_AFTER_FAILURES,
} from '../../../src/app/usecases/push-orders.js';
import { UpstreamError } from '../../../src/domain/errors.js';
import type { Order } from '../../../src/domain/model/order.js';
import type { RecordError } from '../../../src/domain/model/record-error.js';
import type { OrderSink, PushOutcome } from '../../../src/domain/ports/order-sink.js';
import type {
  AttemptOutcome,
  DueOrder,
  RecordedPush,
} from '../../../src/domain/ports/order-outbox.js';
import { FAKE_WORST_CASE_SEND_MS } from '../../support/fakes/order-sink.js';
import { rejectionOf } from '../../support/rejection-of.js';
import { silent } from '../../support/silent-logger.js';

test('apixUnavailable: an outage fails the run, one stray failure among many does not', () => {
  const rows: [string, { pushed: number; deferred: number }, boolean][] = [
    ['nothing due', { pushed: 0, deferred: 0 }, false],
    ['all delivered', { pushed: 40, deferred: 0 }, false],
    ['the only delivery failed', { pushed: 0, deferred: 1 }, true],
    ['every delivery failed', { pushed: 0, deferred: 12 }, true],
    ['one stray 503 among 40', { pushed: 39, deferred: 1 }, false],
    ['half failed', { pushed: 5, deferred: 5 }, true],
    ['a third failed', { pushed: 10, deferred: 5 }, false],
  ];
  for (const [name, tally, expected] of rows) assert.is(apixUnavailable(tally), expected, name);
});

test('claimTimings: an order may wait its claim less the worst-case send; a short claim is lengthened to two sends', () => {
  const rows: [string, number, number, { claimSeconds: number; waitLimitMs: number }][] = [
    [
      "API X's defaults (4 x 15 s + 3 x 5 s)",
      300,
      75_000,
      { claimSeconds: 300, waitLimitMs: 225_000 },
    ],
    [
      'the old fixed share, 20% of the claim',
      300,
      60_000,
      { claimSeconds: 300, waitLimitMs: 240_000 },
    ],
    ['a sink that answers at once', 300, 0, { claimSeconds: 300, waitLimitMs: 300_000 }],
    ['half the claim: unchanged', 300, 150_000, { claimSeconds: 300, waitLimitMs: 150_000 }],
    ['over half the claim: two sends', 300, 200_000, { claimSeconds: 400, waitLimitMs: 200_000 }],
    ['a send longer than the claim', 60, 75_000, { claimSeconds: 150, waitLimitMs: 75_000 }],
    ['two sends in whole seconds', 1, 1_250, { claimSeconds: 3, waitLimitMs: 1_750 }],
    ['a negative worst case counts as none', 300, -5, { claimSeconds: 300, waitLimitMs: 300_000 }],
  ];
  for (const [name, claimSeconds, worst, expected] of rows)
    assert.equal(claimTimings(claimSeconds, worst), expected, name);
});

/** An in-memory outbox of `n` due orders; attempts are kept for the assertions. */
function outbox(n: number) {
  const due: DueOrder[] = Array.from({ length: n }, (_, i) => ({
    shopifyId: `gid://shopify/Order/${i + 1}`,
    name: `#${i + 1}`,
    version: 1,
    inflightVersion: 1,
    payload: {} as Order,
    apixReference: null,
    attempts: 0,
  }));
  const attempts: { id: string; outcome: AttemptOutcome }[] = [];
  return {
    attempts,
    store: {
      async claimDue(limit: number) {
        return due.splice(0, limit);
      },
      async recordAttempts(batch: readonly RecordedPush[]) {
        for (const { order, outcome } of batch) attempts.push({ id: order.shopifyId, outcome });
      },
      async countDue() {
        return due.length;
      },
    },
  };
}

function sinkAnswering(answer: (call: number) => PushOutcome): OrderSink & { calls(): number } {
  let calls = 0;
  const push = async () => answer(calls++);
  return {
    worstCaseSendMs: FAKE_WORST_CASE_SEND_MS,
    createOrder: push,
    updateOrder: push,
    calls: () => calls,
  };
}

function context() {
  const errors: RecordError[] = [];
  const counter = createRunCounter();
  return {
    errors,
    counter,
    ctx: {
      runId: '1',
      signal: new AbortController().signal,
      logger: silent,
      counter,
      async recordError(e: RecordError) {
        errors.push(e);
      },
    },
  };
}

const options = { dryRun: false, concurrency: 1, maxAttempts: 10 };
const refused: PushOutcome = {
  kind: 'retry',
  reason: 'API X: POST /v1/orders failed without a response (ECONNREFUSED)',
  retryAfterMs: null,
};

test('API X refusing every delivery fails the step, counts the deferred orders and stops asking', async () => {
  const box = outbox(100);
  const sink = sinkAnswering(() => refused);
  const { ctx, counter } = context();
  const push = createPushOrders({ shop: 's', sink, store: box.store });
  const error = await rejectionOf(push.run(ctx, options));
  assert.instance(error, UpstreamError);
  assert.match(String((error as Error).message), /unavailable for order deliveries/);
  assert.match(String((error as Error).message), /ECONNREFUSED/);
  // One claimed batch (at least UNAVAILABLE_AFTER_FAILURES), not all 100 orders.
  assert.ok(sink.calls() >= UNAVAILABLE_AFTER_FAILURES && sink.calls() < 100, `${sink.calls()}`);
  assert.is(counter.get('order', 'deferred'), sink.calls());
  assert.ok(box.attempts.every((a) => a.outcome.kind === 'retry'));
});

test('one transient failure among many deliveries: the step succeeds and counts it', async () => {
  const box = outbox(30);
  const sink = sinkAnswering((call) =>
    call === 3 ? refused : { kind: 'accepted', reference: `X-${call}` },
  );
  const { ctx, counter } = context();
  const result = await createPushOrders({ shop: 's', sink, store: box.store }).run(ctx, options);
  assert.is(result.pushed, 29);
  assert.is(result.retried, 1);
  assert.is(counter.get('order', 'deferred'), 1);
  assert.is(counter.get('order', 'pushed'), 29);
});

test('rejections are the order’s fault: dead and recorded, the step still succeeds', async () => {
  const box = outbox(3);
  const sink = sinkAnswering(() => ({ kind: 'rejected', status: 422, reason: 'bad zip' }));
  const { ctx, errors } = context();
  const result = await createPushOrders({ shop: 's', sink, store: box.store }).run(ctx, options);
  assert.is(result.dead, 3);
  assert.is(errors.length, 3);
});

test.run();
