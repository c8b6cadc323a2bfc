/** The outbox's back-off before the next push of an order, by table. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nextAttemptDelayMs } from '../../../src/app/usecases/order-window.js';

const fixed = (r: number) => () => r;

const cases: [string, number, number | null, number, number][] = [
  ['first retry, low jitter: half of 30 s', 0, null, 0, 15_000],
  ['first retry, high jitter: all of 30 s', 0, null, 1, 30_000],
  ['first retry, middle jitter', 0, null, 0.5, 22_500],
  ['second retry doubles the base', 1, null, 0, 30_000],
  ['fifth retry: 30 s × 2^4 = 8 min, half of it', 4, null, 0, 240_000],
  ['the base stops at one hour', 7, null, 1, 3_600_000],
  ['many attempts never pass one hour', 40, null, 1, 3_600_000],
  ['a negative count is read as none', -3, null, 0, 15_000],
  ['a longer Retry-After wins', 0, 120_000, 1, 120_000],
  ['a shorter Retry-After is ignored', 3, 5_000, 0, 120_000],
  ['a Retry-After past the one-hour cap still wins', 40, 7_200_000, 1, 7_200_000],
];

for (const [name, attempts, retryAfterMs, r, expected] of cases)
  test(`nextAttemptDelayMs: ${name}`, () => {
    assert.is(nextAttemptDelayMs(attempts, retryAfterMs, fixed(r)), expected);
  });

test('nextAttemptDelayMs: every jittered delay lies in [base/2, base]', () => {
  for (let attempts = 0; attempts < 10; attempts++) {
    const base = Math.min(3_600_000, 30_000 * 2 ** attempts);
    for (const r of [0, 0.1, 0.37, 0.5, 0.99, 1]) {
      const d = nextAttemptDelayMs(attempts, null, fixed(r));
      assert.ok(d >= base / 2 && d <= base, `attempts ${attempts}, random ${r}: ${d}`);
    }
  }
});

test.run();
