/**
 * `npm run bench:catalog` (issue 5): the real CLI's `sync-to-shopify` against the simulators
 * (in a child process of their own; Standard limits: bucket 2000, restore 100/s) and real
 * PostgreSQL. Scenarios, in order on one shop and database, each selectable alone:
 *   initial  - N products x 3 variants into an empty shop (expected path: bulk import)
 *   delta    - 1% of products and 5% of prices changed upstream (the job picks its path)
 *   nochange - a run right after a successful one: zero mutations
 *   regular  - the delta's changes again, forced through regular mutations (bulk threshold out of
 *              reach): the sustained cost rate that pacing achieves against the restore rate
 * `delta`, `nochange` and `regular` need the catalogue synced, so they run `initial` first (not
 * reported unless asked for). `all` is initial, nochange, delta; `regular` runs only when asked.
 *
 *   npm run bench:catalog -- [--products 1000] [--scenario initial|delta|nochange|regular|all]
 *                            [--bulk-rows-per-second 500] [--runtime tsx|dist]
 */
import {
  cliEnv,
  printTable,
  readBenchArgs,
  runCliOrStop,
  STANDARD_BUCKET,
  STANDARD_RESTORE_RATE,
  startBench,
  type MeasuredRun,
  type ShopifyCounters,
} from './support.js';

const args = readBenchArgs();
const products = args.number('products', 1000);
const scenario = args.text('scenario', 'all');
if (!['initial', 'delta', 'nochange', 'regular', 'all'].includes(scenario))
  throw new Error('--scenario must be initial, delta, nochange, regular or all');
// Shopify publishes no throughput for bulk imports; 500 rows/s is the figure we assume (and
// report). The service's own cost while the import runs is polling only.
const bulkRowsPerSecond = args.number('bulk-rows-per-second', 500);
const { runtime } = args;

const bench = await startBench({
  bulkRowsPerSecond,
  apix: { products, variantsPerProduct: 3, categories: Math.max(5, Math.round(products / 200)) },
});
const { db, sims } = bench;
const rows: Record<string, string | number>[] = [];

const MUTATIONS = [
  'productSet',
  'productVariantsBulkUpdate',
  'collectionCreate',
  'collectionUpdate',
  'bulkOperationRunMutation',
  'stagedUploadsCreate',
];

/**
 * Sustained share of the restore rate while mutations were sent: the cost of mutations beyond
 * what the full bucket absorbs, over the span from the first to the last one. Null when the
 * mutations fitted in the bucket (nothing to sustain).
 */
function sustainedShare(m: ShopifyCounters['mutations']): number | null {
  if (m.cost <= STANDARD_BUCKET || m.firstAt === null || m.lastAt === null) return null;
  const seconds = Math.max(1, m.lastAt - m.firstAt) / 1000;
  return (m.cost - STANDARD_BUCKET) / seconds / STANDARD_RESTORE_RATE;
}

async function measure(
  name: string,
  env: Record<string, string> = {},
): Promise<{ run: MeasuredRun; counters: ShopifyCounters }> {
  await sims.ask({ kind: 'reset-counters' });
  const run = await runCliOrStop(
    `${name}: sync-to-shopify`,
    ['sync-to-shopify'],
    cliEnv(sims, db.url, { SYNC_MAX_ARCHIVE_RATIO: '1', ...env }),
    runtime,
  );
  const counters = await sims.ask<ShopifyCounters>({ kind: 'shopify-counters' });
  const bulkMutations = counters.rootFields['bulkOperationRunMutation'] ?? 0;
  const regular =
    (counters.rootFields['productSet'] ?? 0) +
    (counters.rootFields['productVariantsBulkUpdate'] ?? 0);
  const mutations = MUTATIONS.reduce((n, m) => n + (counters.rootFields[m] ?? 0), 0);
  const path =
    bulkMutations > 0
      ? regular > 0
        ? 'bulk + regular'
        : 'bulk import'
      : regular > 0
        ? 'regular'
        : 'none';
  const rate = counters.costSpent / run.wallSeconds;
  const share = regular > 0 ? sustainedShare(counters.mutations) : null;
  rows.push({
    scenario: name,
    products,
    path,
    'wall s': run.wallSeconds.toFixed(1),
    'peak RSS MB': run.peakRssMb.toFixed(0),
    'Shopify cost': counters.costSpent,
    'points/s': rate.toFixed(1),
    'mutation s':
      counters.mutations.firstAt !== null && counters.mutations.lastAt !== null
        ? ((counters.mutations.lastAt - counters.mutations.firstAt) / 1000).toFixed(1)
        : '-',
    '% of restore':
      share !== null
        ? `${(100 * share).toFixed(1)}%`
        : counters.mutations.cost <= STANDARD_BUCKET
          ? 'within bucket'
          : '-',
    requests: counters.requests,
    mutations,
    THROTTLED: counters.throttled,
    load: run.load,
  });
  // Each row as soon as it is measured: a long run cut short still leaves its figures.
  console.log(`measured: ${JSON.stringify(rows[rows.length - 1])}`);
  return { run, counters };
}

/** The daily delta upstream (1% of products, 5% of prices), then one measured run over it. */
async function measureDelta(name: string, seed: number, env: Record<string, string> = {}) {
  const changes = await sims.ask({
    kind: 'daily-changes',
    seed,
    changedProducts: 0.01,
    priceChanges: 0.05,
  });
  console.log(`${name} upstream: ${JSON.stringify(changes)}`);
  const { run } = await measure(name, env);
  if (run.summary) console.log(`${name}: ${JSON.stringify(run.summary['counts'])}`);
}

try {
  // Every scenario starts from a synced catalogue.
  const { run } = await measure('initial');
  if (scenario !== 'initial' && scenario !== 'all') rows.pop(); // set-up only
  if (run.summary) console.log(`initial: ${JSON.stringify(run.summary['counts'])}`);
  if (scenario === 'nochange' || scenario === 'all') await measure('nochange');
  if (scenario === 'delta' || scenario === 'all') await measureDelta('delta', 7);
  // The bulk threshold out of reach: every change goes as a regular mutation.
  if (scenario === 'regular')
    await measureDelta('regular', 11, { SYNC_BULK_THRESHOLD: '10000000' });
  printTable(
    `bench:catalog (${products} products x 3 variants; Standard 2000/100; bulk ${bulkRowsPerSecond} rows/s; ${runtime})`,
    rows,
  );
  console.log(
    'targets: 100k initial peak RSS <= 300 MB; nochange < 60 s; regular mutations >= 90% of restore rate, no THROTTLED once settled',
  );
  console.log(
    '"% of restore" = (cost of regular mutations - the 2000-point bucket) / ("mutation s", first to last mutation, x 100 points/s): the sustained share of the restore rate',
  );
} finally {
  await bench.close();
}
