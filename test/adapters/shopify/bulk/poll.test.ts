import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pollSchedule } from '../support/poll-schedule.js';
import { DEFAULT_BULK_POLLING, nextPollDelay } from '../../../../src/adapters/shopify/bulk/poll.js';

// Catalogue imports at 500 lines/s: 100 products (0.2 s), 1,480 prices at 10k (3 s), 4,500 at
// 30k (9 s), 15,000 at 100k (30 s), an initial 100k file (200 s); a minute-long export (the
// inventory reconcile's levels, the orders of a long window). The 5 s columns are the old default.
const operations: [
  endsAt: number,
  seenAt: number,
  questions: number,
  seenAt5s: number,
  q5s: number,
][] = [
  [200, 250, 2, 250, 2],
  [3000, 3033, 6, 3301, 6],
  [9000, 9033, 12, 12_336, 9],
  [30_000, 30_033, 33, 32_336, 13],
  [60_000, 60_033, 63, 62_336, 19],
  [200_000, 200_033, 203, 202_336, 47],
];

for (const [endsAt, seenAt, questions, seenAt5s, q5s] of operations) {
  test(`bulk poll: an operation done at ${endsAt} ms is seen done at ${seenAt} ms after ${questions} questions`, () => {
    const now = pollSchedule(DEFAULT_BULK_POLLING, endsAt);
    assert.equal(now, { seenAt, questions });
    // Never more than one wait (1 s) late, however long the operation ran.
    assert.ok(now.seenAt - endsAt <= DEFAULT_BULK_POLLING.max);
    // What the cap bought and what it costs, against the old 5 s cap.
    assert.equal(pollSchedule({ ...DEFAULT_BULK_POLLING, max: 5000 }, endsAt), {
      seenAt: seenAt5s,
      questions: q5s,
    });
  });
}

test('bulk poll: the waits are 250, 375, 563, 845 ms, then 1 s', () => {
  const waits: number[] = [];
  let wait: number | null = null;
  for (let i = 0; i < 7; i++) waits.push((wait = nextPollDelay(DEFAULT_BULK_POLLING, wait)));
  assert.equal(waits, [250, 375, 563, 845, 1000, 1000, 1000]);
});

test.run();
