import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PURGES } from '../../../src/adapters/postgres/retention.js';
import { useTestDatabase } from '../../support/test-database.js';

// The purges run in every sync-orders run against tables that hold months of rows: each must
// reach its candidates through an index, never by reading a whole table to find the few past
// RETENTION_DAYS (seq scans are priced out so the plan shows what an index can do). The index a
// purged run needs on order_push_attempts (ON DELETE SET NULL) is used by a trigger, which
// EXPLAIN does not show; bench:orders-year shows its effect.

const db = useTestDatabase(test);

// Each purge and the index its candidates must come from (an index scan of the primary key
// would read the whole table too, so naming the index is the check).
const EXPECTED: Record<keyof typeof PURGES, string> = {
  recordErrors: 'record_errors_by_age',
  pushAttempts: 'order_push_attempts_by_age',
  runs: 'sync_runs_by_age',
  rawPayloads: 'orders_raw_by_age',
  finishedOrders: 'orders_finished_by_age',
  shipments: 'shipments_settled_by_age',
  deletedOrders: 'deleted_orders_by_age',
};

for (const [name, index] of Object.entries(EXPECTED) as [keyof typeof PURGES, string][]) {
  test(`purge ${name} finds its rows through ${index}`, async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${PURGES[name]}`, [
        new Date(),
        1000,
      ]);
      await client.query('ROLLBACK');
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      assert.ok(plan.includes(index), plan);
    } finally {
      client.release();
    }
  });
}

test.run();
