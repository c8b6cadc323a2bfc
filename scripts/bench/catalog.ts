/**
 * `npm run bench:catalog` (issue 5): the real CLI's `sync-to-shopify` against the simulators
 * (in a child process of their own; Standard limits: bucket 2000, restore 100/s) and real
 * PostgreSQL. Scenarios, in order on one shop and database, each selectable alone:
 *   initial  - N products x 3 variants into an empty shop (expected path: bulk import)
 *   delta    - 1% of products and 5% of prices changed upstream (the job picks its path)
 *   nochange - a run right after a successful one: zero mutations
 * `delta` and `nochange` need the catalogue synced, so they run `initial` first (not reported
 * unless asked for).
 *
 *   npm run bench:catalog -- [--products 1000] [--scenario initial|delta|nochange|all]
 *                            [--bulk-rows-per-second 500] [--runtime tsx|dist]
 */
import type { MeasuredRun } from './support.js';
import {
  cliEnv,
  createBenchDatabase,
  loadAverage,
  parseFlags,
  printTable,
  runCliMeasured,
  runtimeOf,
  startSimulatorsProcess,
} from './support.js';

const flags = parseFlags(process.argv.slice(2));
const products = Number(flags.get('products') ?? 1000);
const scenario = flags.get('scenario') ?? 'all';
if (!['initial', 'delta', 'nochange', 'all'].includes(scenario))
  throw new Error('--scenario must be initial, delta, nochange or all');
// Shopify publishes no throughput for bulk imports; 500 rows/s is the figure we assume (and
// report). The service's own cost while the import runs is polling only.
const bulkRowsPerSecond = Number(flags.get('bulk-rows-per-second') ?? 500);
const runtime = runtimeOf(flags);

interface Counters {
  requests: number;
  costSpent: number;
  throttled: number;
  rootFields: Record<string, number>;
}

const db = await createBenchDatabase();
const sims = await startSimulatorsProcess({
  shopify: {
    shop: 'bench-shop.myshopify.com',
    bucketSize: 2000,
    restoreRate: 100,
    bulkRowsPerSecond,
  },
  apix: { products, variantsPerProduct: 3, categories: Math.max(5, Math.round(products / 200)) },
});
const rows: Record<string, string | number>[] = [];

const MUTATIONS = [
  'productSet',
  'productVariantsBulkUpdate',
  'collectionCreate',
  'collectionUpdate',
  'bulkOperationRunMutation',
  'stagedUploadsCreate',
];

async function measure(name: string): Promise<{ run: MeasuredRun; counters: Counters }> {
  await sims.ask({ kind: 'reset-counters' });
  const before = loadAverage();
  const run = await runCliMeasured(
    ['sync-to-shopify'],
    cliEnv(sims, db.url, { SYNC_MAX_ARCHIVE_RATIO: '1' }),
    runtime,
  );
  const counters = await sims.ask<Counters>({ kind: 'shopify-counters' });
  if (run.code !== 0) {
    console.error(run.stderr.slice(-4000));
    throw new Error(
      `${name}: sync-to-shopify exited with ${run.code}: ${JSON.stringify(run.summary)}`,
    );
  }
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
  // Sustained rate of regular mutation work: points spent per second of run time, against the
  // restore rate (100/s). Once the 2000-point bucket is used up, this is what pacing sustains.
  const rate = counters.costSpent / run.wallSeconds;
  rows.push({
    scenario: name,
    products,
    path,
    'wall s': run.wallSeconds.toFixed(1),
    'peak RSS MB': run.peakRssMb.toFixed(0),
    'Shopify cost': counters.costSpent,
    'points/s': rate.toFixed(1),
    '% of restore':
      counters.costSpent <= 2000
        ? 'within bucket'
        : path === 'regular' || path === 'bulk + regular'
          ? `${((100 * (counters.costSpent - 2000)) / Math.max(1, (run.wallSeconds - 1) * 100)).toFixed(0)}%`
          : '-',
    requests: counters.requests,
    mutations,
    THROTTLED: counters.throttled,
    load: `${before} -> ${loadAverage()}`,
  });
  // Each row as soon as it is measured: a long run cut short still leaves its figures.
  console.log(`measured: ${JSON.stringify(rows[rows.length - 1])}`);
  return { run, counters };
}

try {
  if (
    scenario === 'initial' ||
    scenario === 'all' ||
    scenario === 'delta' ||
    scenario === 'nochange'
  ) {
    const { run } = await measure('initial');
    if (scenario !== 'initial' && scenario !== 'all') rows.pop(); // set-up only
    if (run.summary) console.log(`initial: ${JSON.stringify(run.summary['counts'])}`);
  }
  if (scenario === 'nochange' || scenario === 'all') await measure('nochange');
  if (scenario === 'delta' || scenario === 'all') {
    const changes = await sims.ask({
      kind: 'daily-changes',
      seed: 7,
      changedProducts: 0.01,
      priceChanges: 0.05,
    });
    console.log(`delta upstream: ${JSON.stringify(changes)}`);
    const { run } = await measure('delta');
    if (run.summary) console.log(`delta: ${JSON.stringify(run.summary['counts'])}`);
  }
  printTable(
    `bench:catalog (${products} products x 3 variants; Standard 2000/100; bulk ${bulkRowsPerSecond} rows/s; ${runtime})`,
    rows,
  );
  console.log(
    'targets: 100k initial peak RSS <= 300 MB; nochange < 60 s; regular mutations >= 90% of restore rate, no THROTTLED once settled',
  );
  console.log(
    '"% of restore" = (points spent - the 2000-point bucket) / ((wall s - 1) x 100 points/s): the sustained share of the restore rate',
  );
} finally {
  await sims.close();
  await db.drop();
}
