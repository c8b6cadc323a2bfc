import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pollSchedule } from './support/poll-schedule.js';
import { DEFAULT_BULK_POLLING } from '../../../src/adapters/shopify/bulk/poll.js';
import { ORDER_EXPORT_POLLING } from '../../../src/adapters/shopify/order-export.js';

// Orders exports: a quiet run's overlap window (under a second), 10,000 orders x 3 line items at
// 2,000 rows/s (about 20 s, bench:orders), a long backfill. Columns: under the orders' 300 ms cap,
// then under the shared 1 s default it replaced.
const exports: [endsAt: number, seenAt: number, questions: number, seen1s: number, q1s: number][] =
  [
    [700, 850, 4, 1188, 4],
    [20_300, 20_350, 69, 21_033, 24],
    [60_000, 60_250, 202, 60_033, 63],
  ];

for (const [endsAt, seenAt, questions, seen1s, q1s] of exports) {
  test(`orders export poll: done at ${endsAt} ms, seen at ${seenAt} ms after ${questions} questions`, () => {
    assert.equal(pollSchedule(ORDER_EXPORT_POLLING, endsAt), { seenAt, questions });
    assert.ok(seenAt - endsAt <= ORDER_EXPORT_POLLING.max, 'never more than one wait late');
    assert.equal(pollSchedule(DEFAULT_BULK_POLLING, endsAt), { seenAt: seen1s, questions: q1s });
  });
}

test.run();
