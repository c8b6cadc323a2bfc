/**
 * Issue 19, "each job holds at most 2-3 database connections": every job runs to the end with
 * DATABASE_POOL_MAX=2, the least the service accepts, and no process holds more than its pool
 * plus its Postgres lock's own connection. Steps that have more work in flight than the pool has
 * connections (product writes SHOPIFY_CONCURRENCY at a time recording their outcomes, the staging
 * write behind the API X reads, the bulk import's chunk writes, pushes of orders) must queue for
 * a connection, never wait for one while holding another; a deadlock would hang the run until the
 * file's timeout, a queue wait treated as a connect failure would fail it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { watchConnections } from '../../scripts/bench/connection-watch.js';
import { startE2eEnvironment } from '../support/e2e-environment.js';
import { usePerFile } from '../support/per-file.js';

const POOL_MAX = 2;
const e2e = usePerFile(
  test,
  () =>
    startE2eEnvironment({
      apix: { products: 80, warehouses: ['WH-1'] },
      shopify: { locations: [{ name: 'Main warehouse' }] },
    }),
  (e) => e.close(),
);

/** Runs a job with the small pool; it must succeed and stay within pool + lock. */
async function runWithSmallPool(
  args: readonly string[],
  extraEnv: Record<string, string> = {},
): Promise<Record<string, unknown> | null> {
  const watch = await watchConnections(e2e.db.url);
  const result = await e2e.cli(args, { DATABASE_POOL_MAX: String(POOL_MAX), ...extraEnv });
  const peaks = await watch.stop();
  assert.is(result.code, 0, result.stderr.slice(-3000));
  assert.is(result.summary?.['status'], 'succeeded');
  // The advisory lock's connection: outside Kubernetes the lock backend is Postgres.
  assert.ok(
    peaks.perProcess <= POOL_MAX + 1,
    `${args.join(' ')} held ${peaks.perProcess} connections at once`,
  );
  return result.summary;
}

test('sync-to-shopify: initial bulk import, a regular delta, the complete deletion check', async () => {
  // Threshold under the catalogue: the first run imports in bulk (chunk writes, mappings).
  await runWithSmallPool(['sync-to-shopify'], { SYNC_BULK_THRESHOLD: '30' });
  const mapped = async () =>
    (
      await e2e.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM mappings WHERE entity = 'product'`,
      )
    ).rows[0]?.n;
  assert.is(await mapped(), 80, 'every product imported');
  assert.ok(
    (e2e.shopify.counters().rootFields['bulkOperationRunMutation'] ?? 0) > 0,
    'through a bulk import',
  );
  e2e.apix.catalog.applyDailyChanges({
    seed: 19,
    newProducts: 5,
    changedProducts: 20,
    removedProducts: 3,
    priceChanges: 40,
  });
  // The default threshold: these changes go as regular mutations, written concurrently.
  await runWithSmallPool(['sync-to-shopify']);
  assert.is(await mapped(), 85, 'the new products created');
  await runWithSmallPool(['sync-to-shopify'], { SYNC_FULL_DELETION_CHECK_HOURS: '0' });
});

test('sync-inventory: the first run, a reconcile', async () => {
  await runWithSmallPool(['sync-inventory'], { INVENTORY_LOCATIONS: 'WH-1=Main warehouse' });
});

test('sync-orders: a backlog of new orders pushed to API X', async () => {
  const ids = e2e.shopify.orders.seed(30);
  await runWithSmallPool(['sync-orders']);
  assert.is(e2e.apix.orders.list().length, ids.length, 'every order reached API X');
  assert.is(e2e.apix.orders.replays(), 0);
});

test.run();
