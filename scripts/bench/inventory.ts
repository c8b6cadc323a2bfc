/**
 * `npm run bench:inventory` (issue 20): the real CLI's `sync-inventory` against the simulators
 * (in a child process of their own) and real PostgreSQL. N variants (3 per product) in L API X
 * warehouses mapped to L Shopify locations. Set-up: the catalogue (`sync-to-shopify`, bulk
 * import). Then, measured:
 *   initial - every level tracked, stocked and set (the first run is a reconcile: it reads Shopify)
 *   quiet   - a run right after: nothing changed, nothing sent
 *   delta   - a share of API X's levels changed (default 2%): written from memory, no reads
 *   reconcile - the daily run (made due by forgetting when the last one ran): every level of
 *             Shopify read from a bulk export and compared; nothing to write (its RSS is the
 *             question). --no-reconcile leaves it out.
 * Shopify runs at Standard limits (bucket 2000, restore 100/s) for what is measured; the set-up
 * (and the initial run, when --setup-rate is given) may run at another restore rate, so a large
 * delta can be measured without waiting hours for the initial run. Each row prints the pacing
 * floor: the points spent over the restore rate in effect, the least time Shopify allows.
 */
import {
  cliEnv,
  printTable,
  readBenchArgs,
  runCliOrStop,
  STANDARD_BUCKET,
  STANDARD_RESTORE_RATE,
  startBench,
  type ShopifyCounters,
} from './support.js';

const USAGE = `npm run bench:inventory -- [options]

  --variants N        variants in API X and Shopify, 3 per product (default 100000)
  --locations L       API X warehouses, each mapped to its own Shopify location (default 3)
  --delta F           share of levels changed before the delta run (default 0.02)
  --setup-rate R      Shopify restore rate (points/s) for the set-up and the initial run
                      (default 100, Standard: everything at Standard); the quiet and delta
                      runs are always measured at Standard (bucket 2000, 100/s)
  --batch-size B      INVENTORY_BATCH_SIZE for the runs (default: the service's default)
  --runtime tsx|dist  how the CLI runs (default tsx; dist needs npm run build)

  --no-reconcile      leave out the last run (a reconcile of every level)
  --help              this text

Prints per run: wall time, Shopify points used, sustained share of the restore rate, peak RSS
of the CLI, THROTTLED answers (all, and "after settling": later than one refill period, bucket /
restore rate, after the run had spent its first full bucket), the pacing floor (points /
restore rate) and wall / floor.
Targets (issue 20): 100000 x 3, 2% delta under 120 s, RSS under 256 MB, no THROTTLED after
settling.`;

// --help prints USAGE; a flag it does not name stops the bench before it builds anything.
const args = readBenchArgs(USAGE);
const variants = Math.max(3, Math.round(args.number('variants', 100_000)));
const locationCount = Math.max(1, Math.round(args.number('locations', 3)));
const deltaShare = args.number('delta', 0.02);
const setupRate = args.number('setup-rate', STANDARD_RESTORE_RATE);
const batchSize = args.text('batch-size', '');
const { runtime } = args;
const withReconcile = args.text('no-reconcile', 'false') !== 'true';
/** Above any catalogue the bench builds: the daily variant limit never starts (see the set-up). */
const SETUP_VARIANT_LIMIT = 100_000_000;

const warehouses = Array.from({ length: locationCount }, (_, i) => `WH-${i + 1}`);
const locationNames = warehouses.map((_, i) => `Location ${i + 1}`);
const bench = await startBench({
  bulkRowsPerSecond: 2000,
  apix: {
    products: Math.ceil(variants / 3),
    variantsPerProduct: 3,
    categories: Math.max(5, Math.round(variants / 600)),
    warehouses,
  },
  shopify: {
    locations: locationNames.map((name) => ({ name })),
    // The set-up creates every variant at once; Shopify's daily variant limit would defer most of a
    // large catalogue and the bench would measure that deferral, not inventory. A store already
    // this size is past the limit's first day, so the set-up lifts it (simulator and service alike).
    variantLimit: { storeVariants: SETUP_VARIANT_LIMIT },
  },
});
const { db, sims } = bench;
const inventoryEnv = {
  INVENTORY_LOCATIONS: warehouses.map((w, i) => `${w}=${locationNames[i]}`).join(';'),
  ...(batchSize ? { INVENTORY_BATCH_SIZE: batchSize } : {}),
};
const rows: Record<string, string | number>[] = [];

async function limits(restoreRate: number): Promise<void> {
  // Shopify's buckets hold 20 seconds of their restore rate (FIELD-NOTES).
  await sims.ask({ kind: 'set-limits', bucketSize: restoreRate * 20, restoreRate });
}

async function measure(name: string, restoreRate: number): Promise<void> {
  await limits(restoreRate);
  await sims.ask({ kind: 'reset-counters' });
  const run = await runCliOrStop(
    `${name}: sync-inventory`,
    ['sync-inventory'],
    cliEnv(sims, db.url, inventoryEnv),
    runtime,
  );
  const c = await sims.ask<ShopifyCounters>({ kind: 'shopify-counters' });
  const bucket = restoreRate * 20;
  // Settled: one refill period after the first full bucket was spent (a client may spend a full
  // bucket at once; after that its pacing must hold). Never spent one: every THROTTLED counts.
  const settledAt =
    c.bucketSpentAt === null ? -Infinity : c.bucketSpentAt + (1000 * bucket) / restoreRate;
  const floor = c.costSpent / restoreRate;
  const counts = (run.summary?.['counts'] as Record<string, Record<string, number>> | undefined)?.[
    'stock'
  ];
  rows.push({
    run: name,
    levels: variants * locationCount,
    'restore /s': restoreRate,
    'wall s': run.wallSeconds.toFixed(1),
    points: c.costSpent,
    // Points beyond what a full bucket absorbs, per second of the run, over the restore rate.
    'sustained %':
      c.costSpent <= bucket
        ? 'within bucket'
        : `${((100 * (c.costSpent - bucket)) / run.wallSeconds / restoreRate).toFixed(1)}%`,
    'floor s': floor.toFixed(1),
    'wall/floor': floor > 0 ? (run.wallSeconds / floor).toFixed(1) : '-',
    'peak RSS MB': run.peakRssMb.toFixed(0),
    'peak connections': run.peakConnections ?? '-',
    THROTTLED: c.throttled,
    'THROTTLED settled': c.throttledAt.filter((t) => t > settledAt).length,
    requests: c.requests,
    sets: c.rootFields['inventorySetQuantities'] ?? 0,
    reads: c.rootFields['nodes'] ?? 0,
    written: (counts?.['created'] ?? 0) + (counts?.['updated'] ?? 0),
    load: run.load,
  });
  // Each row as soon as it is measured: a long run cut short still leaves its figures.
  console.log(`measured: ${JSON.stringify(rows[rows.length - 1])}`);
}

async function forgetLastReconcile(): Promise<void> {
  // The stock sync's mark (src/adapters/postgres/inventory-state.ts: 'inventory:' + name).
  await db.pool.query(`DELETE FROM sync_cursors WHERE stream = 'inventory:reconciled-at'`);
}

try {
  await limits(setupRate);
  await runCliOrStop(
    'set-up: sync-to-shopify',
    ['sync-to-shopify'],
    cliEnv(sims, db.url, {
      SYNC_MAX_ARCHIVE_RATIO: '1',
      SHOPIFY_VARIANT_LIMIT_THRESHOLD: String(SETUP_VARIANT_LIMIT),
    }),
    runtime,
  );
  await measure('initial', setupRate);
  await measure('quiet', STANDARD_RESTORE_RATE);
  const changed = await sims.ask<number>({ kind: 'stock-changes', seed: 7, fraction: deltaShare });
  console.log(`delta upstream: ${changed} level(s) changed in API X`);
  await measure('delta', STANDARD_RESTORE_RATE);
  if (withReconcile) {
    // Due, as a day passing would make it: the run finds no record of the last reconcile.
    await forgetLastReconcile();
    await measure('reconcile', STANDARD_RESTORE_RATE);
  }
  printTable(
    `bench:inventory (${variants} variants x ${locationCount} locations; delta ${deltaShare}; Standard ${STANDARD_BUCKET}/${STANDARD_RESTORE_RATE}; ${runtime})`,
    rows,
  );
  console.log(
    '"floor s" = points / restore rate (the least time Shopify allows for them); "sustained %" = (points - bucket) / wall / restore rate',
  );
} finally {
  await bench.close();
}
