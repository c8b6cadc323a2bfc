/** The one read-retry budget: which wait each failure gets, and when the budget is spent. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createReadRetry, type ReadFailure } from '../../../src/adapters/shopify/read-retry.js';

const policy = { baseMs: 100, maxMs: 1_000 };

// [name, failures in order, waits expected (random() = 1: the ceiling), retries allowed]
const cases: [string, ReadFailure[], number[]][] = [
  [
    'no Retry-After: the back-off doubles from baseMs up to maxMs',
    Array.from({ length: 5 }, () => ({ reason: 'HTTP 503', retryAfterMs: null })),
    [100, 200, 400, 800, 1_000],
  ],
  [
    'Retry-After is waited as asked, capped at maxMs',
    [
      { reason: 'HTTP 429', retryAfterMs: 700 },
      { reason: 'HTTP 429', retryAfterMs: 60_000 },
      { reason: 'HTTP 429', retryAfterMs: 0 },
    ],
    [700, 1_000, 0],
  ],
  [
    'maxWaitMs shortens one failure only',
    [
      { reason: 'THROTTLED', retryAfterMs: null, maxWaitMs: 50 },
      { reason: 'terminated', retryAfterMs: null },
    ],
    [50, 200],
  ],
];
for (const [name, failures, waits] of cases) {
  test(`readRetry: ${name}`, async () => {
    const slept: number[] = [];
    const told: number[] = [];
    const retry = createReadRetry({
      retries: 10,
      policy,
      random: () => 1,
      sleep: async (ms) => void slept.push(ms),
      onRetry: (_, n) => told.push(n),
    });
    for (const failure of failures) assert.is(await retry.again(failure), true);
    assert.equal(slept, waits);
    assert.equal(
      told,
      waits.map((_, i) => i + 1),
    );
  });
}

test('readRetry: once the retries are spent, again() is false at once and waits nothing', async () => {
  const slept: number[] = [];
  const retry = createReadRetry({ retries: 2, policy, sleep: async (ms) => void slept.push(ms) });
  const failure = { reason: 'HTTP 500', retryAfterMs: null };
  assert.equal(
    [await retry.again(failure), await retry.again(failure), await retry.again(failure)],
    [true, true, false],
  );
  assert.is(slept.length, 2);
  assert.is(retry.retries(), 2);
  assert.equal(retry.lastFailure(), failure);
});

test('readRetry: an abort during the wait rejects with the reason', async () => {
  const stop = new AbortController();
  const retry = createReadRetry({
    retries: 3,
    policy: { baseMs: 60_000, maxMs: 60_000 },
    signal: stop.signal,
  });
  const waiting = retry.again({ reason: 'HTTP 503', retryAfterMs: null });
  stop.abort(new Error('SIGTERM'));
  try {
    await waiting;
    assert.unreachable('should have rejected');
  } catch (error) {
    assert.is((error as Error).message, 'SIGTERM');
  }
});

test.run();
