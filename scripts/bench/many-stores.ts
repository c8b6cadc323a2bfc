/**
 * `npm run bench:many-stores` (issue 19, "many stores from one release"): S `sync-orders`
 * processes of the real CLI start at the same moment, each for its own simulated shop (a
 * Shopify + API X simulator process per shop, so no shop's orders can reach another's API X),
 * all against one PostgreSQL database, as the chart runs them (one DATABASE_URL for every store;
 * the tables are keyed by shop). Each shop has N new orders. Reports the wall time until the last
 * process ends, each process's wall, and the peak connections to that database (connection-watch.ts:
 * pg_stat_activity polled every 50 ms), in total and the most held by one process.
 * Asserts that every order of every shop reached its API X exactly once (no missing order, no
 * replayed push). With --pool-max the processes run with DATABASE_POOL_MAX set.
 */
import {
  cliEnv,
  createBenchDatabase,
  loadAverage,
  printTable,
  readBenchArgs,
  runCliMeasured,
  startSimulatorsProcess,
  STANDARD_BUCKET,
  STANDARD_RESTORE_RATE,
  watchConnections,
  type SimulatorsHandle,
} from './support.js';

const usage = `usage: npm run bench:many-stores -- [options]

  --stores N                 sync-orders processes at once, one simulated shop each (20)
  --orders N                 new orders per shop (200)
  --latency MS               API X answer latency (20)
  --push-concurrency N       ORDERS_PUSH_CONCURRENCY (service default when 0) (0)
  --pool-max N               DATABASE_POOL_MAX (service default when 0) (0)
  --runtime tsx|dist         run the CLI from source or from the build (tsx)

One PostgreSQL database for every shop (DATABASE_URL's server, or an embedded one).
Shopify simulated with Standard limits (bucket ${STANDARD_BUCKET}, restore ${STANDARD_RESTORE_RATE}/s).
Exits 1 when an order did not reach its API X exactly once or a process failed.`;

const args = readBenchArgs(usage);
const stores = args.number('stores', 20);
const orders = args.number('orders', 200);
const latencyMs = args.number('latency', 20);
const pushConcurrency = args.number('push-concurrency', 0);
const poolMax = args.number('pool-max', 0);
const { runtime } = args;

const db = await createBenchDatabase();
const sims: SimulatorsHandle[] = [];
try {
  // Started one after another: 20 simulator processes booting at once on 2 cores time out.
  for (let i = 0; i < stores; i++) {
    const shop = await startSimulatorsProcess({
      shopify: {
        shop: `store-${i + 1}.myshopify.com`,
        bucketSize: STANDARD_BUCKET,
        restoreRate: STANDARD_RESTORE_RATE,
        bulkRowsPerSecond: 2000,
      },
      apix: { products: 10, categories: 2, latencyMs },
    });
    sims.push(shop);
    await shop.ask({ kind: 'seed-orders', count: orders, lineItems: 3, spreadSeconds: 3600 });
  }

  const peak = await watchConnections(db.url);
  const loadBefore = loadAverage();
  const started = performance.now();
  const runs = await Promise.all(
    sims.map((s) =>
      runCliMeasured(
        ['sync-orders'],
        cliEnv(s, db.url, {
          ...(pushConcurrency > 0 ? { ORDERS_PUSH_CONCURRENCY: String(pushConcurrency) } : {}),
          ...(poolMax > 0 ? { DATABASE_POOL_MAX: String(poolMax) } : {}),
        }),
        runtime,
        // One watch for all of them (below), not one per process.
        { watch: false },
      ),
    ),
  );
  const wall = (performance.now() - started) / 1000;
  const connections = await peak.stop();
  const loadAfter = loadAverage();

  const received = await Promise.all(
    sims.map((s) => s.ask<{ orders: number; replays: number }>({ kind: 'apix-orders' })),
  );
  const problems = runs.flatMap((r, i) => {
    const got = received[i] ?? { orders: -1, replays: -1 };
    const out: string[] = [];
    if (r.code !== 0) out.push(`store-${i + 1}: exit ${r.code}: ${r.stderr.slice(-600)}`);
    if (got.orders !== orders)
      out.push(`store-${i + 1}: API X has ${got.orders} of ${orders} orders`);
    if (got.replays !== 0) out.push(`store-${i + 1}: ${got.replays} pushes replayed`);
    return out;
  });
  const walls = runs.map((r) => r.wallSeconds).sort((a, b) => a - b);
  printTable(`${stores} sync-orders at once, ${orders} orders each, one database`, [
    {
      'pool max': poolMax || 'default',
      'wall s (last process)': wall.toFixed(1),
      'process wall s (min/median/max)': [0, Math.floor(walls.length / 2), walls.length - 1]
        .map((i) => (walls[i] ?? 0).toFixed(1))
        .join(' / '),
      'peak connections': connections.total,
      'peak per process': connections.perProcess,
      'orders at API X': received.reduce((n, r) => n + r.orders, 0),
      'peak RSS MB (max)': Math.max(...runs.map((r) => r.peakRssMb)).toFixed(0),
      load: `${loadBefore} -> ${loadAfter}`,
    },
  ]);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  } else console.log(`every order of every shop reached its API X exactly once`);
} finally {
  await Promise.all(sims.map((s) => s.close()));
  await db.drop();
}
