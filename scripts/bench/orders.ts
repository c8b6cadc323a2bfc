/**
 * `npm run bench:orders` (issue 6): N new orders in one window are fetched from the Shopify
 * simulator (Standard limits: bucket 2000, restore 100/s), stored in real PostgreSQL and pushed
 * to the API X simulator (about 20 ms per answer) by one run of the real CLI (`sync-orders`).
 * Reports wall time, peak RSS of the CLI process, Shopify cost and requests, and the time per
 * stage read from the database's own timestamps, next to its floors measured in the same run
 * (issue 19): the export-read floor (a trivial client runs the same bulk export, polls every
 * 20 ms and downloads the file, nothing parsed or stored) and the push floor (orders x API X
 * latency / push concurrency). Targets: 10,000 orders in <= 120 s, wall <= 1.2x the sum of the
 * floors, peak RSS <= 256 MB. Then a second run with nothing new (issue 16: a quiet run reads the overlap
 * window's ids and timestamps only) and its Shopify cost, goal under 50 points. With
 * --shipments N (issue 21), API X then ships N of the pushed orders and a third run turns the
 * shipments into Shopify fulfilments: its wall time, Shopify cost and requests per shipment.
 *
 *   npm run bench:orders -- [--orders 10000] [--line-items 3] [--large-every 1000]
 *                           [--large-line-items 60] [--latency 20] [--bulk-rows-per-second 2000]
 *                           [--push-concurrency 8] [--spread-seconds 3600] [--age-seconds 0] [--shipments 0]
 *                           [--runtime tsx|dist]
 */
import pino from 'pino';
import { createShopifyBulk } from '../../src/adapters/shopify/bulk/shopify-bulk.js';
import { ordersBulkQuery } from '../../src/adapters/shopify/order-documents.js';
import { createShopifyGraphqlClient } from '../../src/adapters/shopify/shopify-graphql-client.js';
import {
  cliEnv,
  printTable,
  readBenchArgs,
  runCliOrStop,
  STANDARD_BUCKET,
  STANDARD_RESTORE_RATE,
  startBench,
  type ShopifyCounters,
  type SimulatorsHandle,
} from './support.js';

const USAGE = `usage: npm run bench:orders -- [options]

  --orders N                 new orders in one window (10000)
  --line-items N             line items per order (3)
  --large-every N            every Nth order is large (1000)
  --large-line-items N       line items of a large order (60)
  --latency MS               API X answer latency (20)
  --bulk-rows-per-second N   simulated bulk export speed (2000)
  --push-concurrency N       ORDERS_PUSH_CONCURRENCY (8)
  --spread-seconds N         orders' updatedAt spread before the run (3600)
  --age-seconds N            how long before the run the newest order changed (0)
  --shipments N              API X then ships N pushed orders in full; a third run fulfils them (0)
  --runtime tsx|dist         run the CLI from source or from the build (tsx)

Shopify is simulated with Standard limits (bucket ${STANDARD_BUCKET}, restore ${STANDARD_RESTORE_RATE}/s).
Floors, measured in the same run: export read = a trivial client runs the same bulk export
(polls every 20 ms, downloads the file, parses nothing); push = orders x latency / concurrency.
Targets: wall <= 1.2x (export read + push floors); a quiet run < 50 Shopify points.`;

// --help prints USAGE; a flag it does not name stops the bench before it builds anything.
const args = readBenchArgs(USAGE);
const orders = args.number('orders', 10_000);
const lineItems = args.number('line-items', 3);
const largeEvery = args.number('large-every', 1000);
const largeLineItems = args.number('large-line-items', 60);
const latencyMs = args.number('latency', 20);
// Shopify does not publish how fast a bulk export runs; tens of thousands of objects take tens
// of seconds in practice. 2000 objects/s is the figure we assume (and report).
const bulkRowsPerSecond = args.number('bulk-rows-per-second', 2000);
const pushConcurrency = args.number('push-concurrency', 8);
// Orders' updatedAt are spread over this many seconds before the run: 0 puts every order inside
// the quiet run's overlap window (the demo's case, the worst for a quiet run).
const spreadSeconds = args.number('spread-seconds', 3600);
// How long before the run the newest order changed. A quiet run trusts Shopify's summary of the
// window only once its newest order is ORDERS_OVERLAP_SECONDS (120) older than the last full
// read: 0 measures the run right after a burst, 600 a store quiet for ten minutes.
const ageSeconds = args.number('age-seconds', 0);
// Shipments API X makes of the pushed orders for a third run (0: no shipments run).
const shipments = args.number('shipments', 0);
const { runtime } = args;

const bench = await startBench({
  bulkRowsPerSecond,
  apix: { products: 10, categories: 2, latencyMs },
});
const { db, sims } = bench;
try {
  await sims.ask({
    kind: 'seed-orders',
    count: orders,
    lineItems,
    largeEvery,
    largeLineItems,
    spreadSeconds,
    ageSeconds,
  });
  await sims.ask({ kind: 'reset-counters' });
  const run = await runCliOrStop(
    'sync-orders',
    ['sync-orders'],
    cliEnv(sims, db.url, { ORDERS_PUSH_CONCURRENCY: String(pushConcurrency) }),
    runtime,
  );
  const counters = await sims.ask<ShopifyCounters>({ kind: 'shopify-counters' });
  const apix = await sims.ask<{ orders: number; replays: number }>({ kind: 'apix-orders' });
  const bulk = await sims.ask<{ type: string; rows: number }[]>({ kind: 'bulk-operations' });

  // Stages from the database's clocks: the run record, when each order row was stored
  // (created_at is its page's transaction time) and when each push attempt was recorded.
  const { rows } = await db.pool.query<{
    run_start: Date;
    run_end: Date;
    stored_last: Date;
    push_first: Date | null;
    push_last: Date | null;
    stored: string;
    pushed: string;
  }>(`
    SELECT (SELECT started_at FROM sync_runs ORDER BY id DESC LIMIT 1) AS run_start,
           (SELECT finished_at FROM sync_runs ORDER BY id DESC LIMIT 1) AS run_end,
           (SELECT max(created_at) FROM orders) AS stored_last,
           (SELECT min(attempted_at) FROM order_push_attempts) AS push_first,
           (SELECT max(attempted_at) FROM order_push_attempts) AS push_last,
           (SELECT count(*) FROM orders) AS stored,
           (SELECT count(*) FROM orders WHERE push_state = 'pushed') AS pushed`);
  const r = rows[0];
  if (!r) throw new Error('no run recorded');
  const seconds = (a: Date | null, b: Date | null): string =>
    a && b ? ((b.getTime() - a.getTime()) / 1000).toFixed(1) : '-';
  // Three ways to read a window: a bulk export, pages of full orders, or (the cheap path, when
  // the store is consulted) stamps of 250 orders first and full orders by id, 8 per read.
  const path = bulk.some((b) => b.type === 'QUERY')
    ? 'bulk export'
    : (counters.rootFields['nodes'] ?? 0) > 0
      ? 'stamps, then by id'
      : 'paginated';
  const pages = counters.rootFields['orders'] ?? 0;
  const extraLinePages = counters.rootFields['order'] ?? 0;
  const minimum = minimumCost(counters, path, orders);
  const exportFloor = await exportReadFloor(sims, spreadSeconds + ageSeconds);
  const pushFloor = (orders * latencyMs) / 1000 / Math.max(1, pushConcurrency);
  const floors = exportFloor + pushFloor;

  // A quiet run: nothing changed since. It re-reads the overlap window (ORDERS_OVERLAP_SECONDS
  // before the cursor): the orders updated in the last two minutes of the spread, or all of them
  // with --spread-seconds 0.
  await sims.ask({ kind: 'reset-counters' });
  const quietRun = await runCliOrStop(
    'sync-orders (quiet)',
    ['sync-orders'],
    cliEnv(sims, db.url, { ORDERS_PUSH_CONCURRENCY: String(pushConcurrency) }),
    runtime,
  );
  const quiet = await sims.ask<ShopifyCounters>({ kind: 'shopify-counters' });

  printTable(
    `bench:orders (${orders} orders x ${lineItems} line items, every ${largeEvery}th with ${largeLineItems}; API X latency ${latencyMs} ms; push concurrency ${pushConcurrency}; ${runtime}; bulk ${bulkRowsPerSecond} rows/s)`,
    [
      {
        path,
        orders: Number(r.stored),
        pushed: Number(r.pushed),
        'in API X': apix.orders,
        'wall s': run.wallSeconds.toFixed(1),
        'fetch+store s': seconds(r.run_start, r.stored_last),
        'push s': seconds(r.push_first, r.push_last),
        'export floor s': exportFloor.toFixed(1),
        'push floor s': pushFloor.toFixed(1),
        'wall / floors': (run.wallSeconds / floors).toFixed(2),
        'peak RSS MB': run.peakRssMb.toFixed(0),
        'Shopify cost': counters.costSpent,
        'min cost': minimum,
        requests: counters.requests,
        'orders pages': pages,
        'extra line pages': extraLinePages,
        THROTTLED: counters.throttled,
        load: run.load,
        'quiet run cost': quiet.costSpent,
        'quiet requests': quiet.requests,
        'quiet wall s': quietRun.wallSeconds.toFixed(1),
      },
    ],
  );
  console.log(
    `targets: wall <= 120 s and <= 1.2x floors (${(1.2 * floors).toFixed(1)} s), peak RSS <= 256 MB, quiet run < 50 points; run ${r.run_start.toISOString()} .. ${r.run_end.toISOString()}`,
  );

  if (shipments > 0) {
    const shipped = await sims.ask<number>({ kind: 'ship-orders', count: shipments });
    await sims.ask({ kind: 'reset-counters' });
    const shipRun = await runCliOrStop(
      'sync-orders (shipments)',
      ['sync-orders'],
      cliEnv(sims, db.url, {
        ORDERS_PUSH_CONCURRENCY: String(pushConcurrency),
        SHIPMENTS_ENABLED: 'true',
      }),
      runtime,
    );
    const c = await sims.ask<ShopifyCounters>({ kind: 'shopify-counters' });
    const { rows: states } = await db.pool.query<{ state: string; n: string }>(
      `SELECT state, count(*) AS n FROM shipments GROUP BY state ORDER BY state`,
    );
    // The pacing floor: the least time Shopify's bucket lets this cost through (a full bucket
    // first, then the restore rate). Wall time over it says how much is not Shopify's pacing.
    const floorSeconds = Math.max(0, c.costSpent - STANDARD_BUCKET) / STANDARD_RESTORE_RATE;
    const reads = c.rootFields['nodes'] ?? 0;
    printTable(
      `bench:orders shipments (${shipped} shipments, one per order, each in full; ${runtime})`,
      [
        {
          shipments: shipped,
          ...Object.fromEntries(states.map((x) => [x.state, Number(x.n)])),
          'wall s': shipRun.wallSeconds.toFixed(1),
          'per shipment ms': ((shipRun.wallSeconds * 1000) / Math.max(1, shipped)).toFixed(0),
          'peak RSS MB': shipRun.peakRssMb.toFixed(0),
          'Shopify cost': c.costSpent,
          'cost per shipment': (c.costSpent / Math.max(1, shipped)).toFixed(1),
          'pacing floor s': floorSeconds.toFixed(1),
          'wall / floor': floorSeconds > 0 ? (shipRun.wallSeconds / floorSeconds).toFixed(2) : '-',
          requests: c.requests,
          'fulfilment reads': reads,
          'read cost': c.rootFieldCost['nodes'] ?? 0,
          fulfillmentCreate: c.rootFields['fulfillmentCreate'] ?? 0,
          'create cost': c.rootFieldCost['fulfillmentCreate'] ?? 0,
          'paging reads': (c.rootFields['order'] ?? 0) + (c.rootFields['node'] ?? 0),
          THROTTLED: c.throttled,
          load: shipRun.load,
        },
      ],
    );
  }
} finally {
  await bench.close();
}

/**
 * The least Shopify can charge for the first run's read: one request per page actually needed,
 * each at the average actual cost of its kind in this run, plus what is needed whatever the path
 * (the window's count, line items past an order's first page).
 */
function minimumCost(c: ShopifyCounters, path: string, n: number): number {
  if (path === 'bulk export') return 1 + 10 + 1; // ordersCount + bulkOperationRunQuery + one poll
  const average = (field: string): number =>
    (c.rootFieldCost[field] ?? 0) / Math.max(1, c.rootFields[field] ?? 0);
  const pageReads = new Set(['orders', 'nodes']);
  const fixed = Object.entries(c.rootFieldCost)
    .filter(([field]) => !pageReads.has(field))
    .reduce((sum, [, cost]) => sum + cost, 0);
  // Page sizes of src/adapters/shopify/shopify-order-source.ts: 250 stamps, 8 full orders.
  const reads =
    path === 'paginated'
      ? average('orders') * Math.ceil(n / 8)
      : average('orders') * Math.ceil(n / 250) + average('nodes') * Math.ceil(n / 8);
  return Math.round(fixed + reads);
}

/**
 * The export-read floor: the same bulk export the CLI runs, by the least client there is (a
 * 20 ms poll, the file downloaded and counted, nothing parsed or stored), in seconds.
 */
async function exportReadFloor(sims: SimulatorsHandle, windowSeconds: number): Promise<number> {
  const logger = pino({ level: 'silent' });
  const client = createShopifyGraphqlClient({
    shop: sims.shop,
    accessToken: sims.shopifyToken,
    apiVersion: '2026-10',
    baseUrl: sims.shopifyUrl,
    logger,
  });
  const bulk = createShopifyBulk({ client, logger, polling: { min: 20, max: 20 } });
  const since = new Date(Date.now() - (windowSeconds + 3600) * 1000).toISOString();
  const started = performance.now();
  const { url } = await bulk.runQuery(
    'orders (floor)',
    ordersBulkQuery(`updated_at:>='${since}'`),
    'bench',
  );
  let lines = 0;
  if (url !== null) for await (const _line of bulk.resultLines(url)) lines++;
  if (lines === 0) throw new Error('the floor export read no lines');
  return (performance.now() - started) / 1000;
}
