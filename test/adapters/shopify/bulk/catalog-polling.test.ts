import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nextPollDelay, type BulkPolling } from '../../../../src/adapters/shopify/bulk/poll.js';
import { CATALOG_BULK_POLLING } from '../../../../src/adapters/shopify/catalog/shopify-catalog-ports.js';

/** When pollUntilDone first asks after an operation that ends `endsAt` ms after its start. */
function seenDoneAt(policy: BulkPolling, endsAt: number): number {
  let at = 0;
  let wait: number | null = null;
  while (at < endsAt) {
    wait = nextPollDelay(policy, wait);
    at += wait;
  }
  return at;
}

// Imports of a catalogue delta at 500 lines/s: 100 products (0.2 s), 1,480 prices at 10k
// (3 s), 4,500 at 30k (9 s), 15,000 at 100k (30 s); an initial 100k file (200 s).
const operations: [endsAt: number, seenBy: number][] = [
  [200, 250],
  [3000, 3033],
  [9000, 9033],
  [30_000, 30_033],
  [200_000, 200_033],
];

for (const [endsAt, seenBy] of operations) {
  test(`catalogue bulk poll: an operation done at ${endsAt} ms is seen done at ${seenBy} ms`, () => {
    const seen = seenDoneAt(CATALOG_BULK_POLLING, endsAt);
    assert.is(seen, seenBy);
    // Never more than one wait (1 s) late, however long the operation ran.
    assert.ok(seen - endsAt <= CATALOG_BULK_POLLING.max);
  });
}

test('catalogue bulk poll: the first question after 250 ms, no wait longer than 1 s', () => {
  assert.is(CATALOG_BULK_POLLING.min, 250);
  assert.is(CATALOG_BULK_POLLING.max, 1000);
});

test.run();
