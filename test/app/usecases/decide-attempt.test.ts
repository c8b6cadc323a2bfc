/** What API X's answer to one push makes of the order next: the outbox's state machine, by table. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideAttempt } from '../../../src/app/usecases/push-orders.js';
import type { PushOutcome } from '../../../src/domain/ports/order-sink.js';
import type { AttemptOutcome } from '../../../src/domain/ports/order-outbox.js';

const now = new Date('2026-11-30T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
// random() = 0 takes the low end of the jitter: half the exponential base.
const low = () => 0;
const retry = (reason: string, retryAfterMs: number | null = null): PushOutcome => ({
  kind: 'retry',
  reason,
  retryAfterMs,
});

const cases: [string, PushOutcome, number, number, AttemptOutcome][] = [
  [
    'accepted: the reference is kept',
    { kind: 'accepted', reference: 'SO-1' },
    0,
    10,
    { kind: 'accepted', reference: 'SO-1' },
  ],
  [
    'accepted on the last allowed attempt is still accepted',
    { kind: 'accepted', reference: 'SO-2' },
    9,
    10,
    { kind: 'accepted', reference: 'SO-2' },
  ],
  [
    'rejected: dead at once, whatever attempts are left, with the status and reason',
    { kind: 'rejected', status: 422, reason: 'zip code missing' },
    0,
    10,
    { kind: 'dead', reason: 'API X rejected the order (HTTP 422): zip code missing' },
  ],
  [
    'transient, first failure: retried after half of 30 s',
    retry('HTTP 503'),
    0,
    10,
    { kind: 'retry', reason: 'HTTP 503', nextAttemptAt: at(15_000) },
  ],
  [
    'transient, third failure: the base doubles per attempt (120 s, half of it)',
    retry('HTTP 503'),
    2,
    10,
    { kind: 'retry', reason: 'HTTP 503', nextAttemptAt: at(60_000) },
  ],
  [
    'a Retry-After longer than the back-off wins',
    retry('HTTP 429', 600_000),
    0,
    10,
    { kind: 'retry', reason: 'HTTP 429', nextAttemptAt: at(600_000) },
  ],
  [
    'a Retry-After shorter than the back-off does not shorten it',
    retry('HTTP 429', 1_000),
    0,
    10,
    { kind: 'retry', reason: 'HTTP 429', nextAttemptAt: at(15_000) },
  ],
  [
    'transient on the last allowed attempt: dead, naming the count and the last error',
    retry('ECONNRESET'),
    9,
    10,
    { kind: 'dead', reason: 'gave up after 10 attempts; last error: ECONNRESET' },
  ],
  [
    'transient with one attempt allowed: dead at once',
    retry('timeout'),
    0,
    1,
    { kind: 'dead', reason: 'gave up after 1 attempts; last error: timeout' },
  ],
  [
    // Left over after deliverOrder reconciled: not the order's fault, so asked again later.
    'order_exists left after reconciliation: retried, naming the reference',
    { kind: 'exists', reference: 'SO-7' },
    0,
    10,
    {
      kind: 'retry',
      reason: 'API X answered order_exists (SO-7) to an update',
      nextAttemptAt: at(15_000),
    },
  ],
  [
    'key reused after the reissued key: retried, not dead',
    { kind: 'key-reused', reason: 'idempotency_key_reused' },
    1,
    10,
    { kind: 'retry', reason: 'idempotency_key_reused', nextAttemptAt: at(30_000) },
  ],
  [
    'key reused on the last allowed attempt: dead',
    { kind: 'key-reused', reason: 'idempotency_key_reused' },
    4,
    5,
    { kind: 'dead', reason: 'gave up after 5 attempts; last error: idempotency_key_reused' },
  ],
];

for (const [name, outcome, attemptsBefore, maxAttempts, expected] of cases)
  test(`decideAttempt: ${name}`, () => {
    assert.equal(decideAttempt(outcome, attemptsBefore, maxAttempts, now, low), expected);
  });

test('decideAttempt: the jitter spreads retries between half and all of the base', () => {
  const early = decideAttempt(retry('x'), 1, 10, now, () => 0);
  const late = decideAttempt(retry('x'), 1, 10, now, () => 1);
  assert.equal(early, { kind: 'retry', reason: 'x', nextAttemptAt: at(30_000) });
  assert.equal(late, { kind: 'retry', reason: 'x', nextAttemptAt: at(60_000) });
});

test.run();
