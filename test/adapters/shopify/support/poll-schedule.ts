import { nextPollDelay, type BulkPolling } from '../../../../src/adapters/shopify/bulk/poll.js';

/**
 * When pollUntilDone first sees done an operation that ends `endsAt` ms after its start, and how
 * many questions (one `bulkOperation(id:)` read, a point each) it asked by then.
 */
export function pollSchedule(
  policy: BulkPolling,
  endsAt: number,
): { seenAt: number; questions: number } {
  let at = 0;
  let questions = 1;
  let wait: number | null = null;
  while (at < endsAt) {
    wait = nextPollDelay(policy, wait);
    at += wait;
    questions++;
  }
  return { seenAt: at, questions };
}
