/**
 * The sync-orders pipeline's run options for tests over in-memory fakes: a live run (not dry),
 * the default overlap shortened to 2 minutes, a week of backfill, test orders pushed too.
 */
export const SYNC_ORDERS_TEST_OPTIONS = {
  dryRun: false,
  overlapSeconds: 120,
  backfillDays: 7,
  skipTest: false,
  concurrency: 2,
  maxAttempts: 3,
};
