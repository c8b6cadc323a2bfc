/**
 * `npm run bench:orders-year` (issue 16 item 6): what one simulated year of a busy store leaves
 * in PostgreSQL with RETENTION_DAYS on. Running 105,000 real sync-orders runs is not the point:
 * one real run of the CLI writes a handful of realistic orders (customer, two addresses, three
 * line items) against the simulators, then the year is written synthetically, in SQL, in the
 * shapes those rows have (the same normalized and raw documents, run records with the same
 * counts, one create attempt per order plus updates for a share of them, a few record errors).
 * Time moves forward in chunks; after each chunk the real purge (src/adapters/postgres/
 * retention.ts) runs until it has nothing left, and a plain VACUUM stands in for autovacuum, so
 * the sizes are those of a database in its steady state, not of one bulk load.
 *
 * Order rows scale with the store; run records do not (288 sync-orders runs a day plus one
 * catalogue run, whatever the store). `--scale 0.1` (the default, to spare a shared machine)
 * writes a tenth of the orders and projects the order tables back to full size; `--scale 1`
 * writes them all (about 3.65 million orders). Flags: USAGE below (`-- --help` prints it).
 */
import { createPgRetention } from '../../src/adapters/postgres/retention.js';
import { startApixSimulator } from '../../simulators/apix/start-apix-simulator.js';
import { startShopifySimulator } from '../../simulators/shopify/index.js';
import {
  BENCH_SHOP,
  createBenchDatabase,
  loadAverage,
  printTable,
  readBenchArgs,
  runCliOrStop,
} from './support.js';

const USAGE = `usage: npm run bench:orders-year -- [options]

  --orders-per-day N    orders a day of the simulated store (10000)
  --days N              days simulated (365)
  --retention-days N    RETENTION_DAYS of the purge (90)
  --scale F             share of the orders written, projected back to full size (0.1)
  --finished-share F    share of orders cancelled (0.05)
  --update-share F      share of orders changed once after their create (0.3)
  --chunk-days N        days written between purges (10)`;

const args = readBenchArgs(USAGE);
const ordersPerDay = args.number('orders-per-day', 10_000);
const days = args.number('days', 365);
const retentionDays = args.number('retention-days', 90);
const scale = args.number('scale', 0.1);
const finishedShare = args.number('finished-share', 0.05);
const updateShare = args.number('update-share', 0.3);
const chunkDays = Math.max(1, args.number('chunk-days', 10));
const RUNS_PER_DAY = 288;
const DAY_MS = 86_400_000;

const db = await createBenchDatabase();
const shopify = await startShopifySimulator({ shop: BENCH_SHOP, bucketSize: 20_000 });
const apix = await startApixSimulator({ products: 3, categories: 1 });
const started = Date.now();
try {
  // One real run: the documents the job writes for an ordinary web order.
  const address = {
    name: 'Ada Lovelace',
    company: 'Analytical Engines Ltd',
    address1: '12 Example Street',
    address2: 'Floor 2',
    city: 'London',
    zip: 'N1 9GU',
    province: 'England',
    provinceCode: 'ENG',
    country: 'United Kingdom',
    countryCode: 'GB',
    phone: '+44 20 7946 0000',
  };
  shopify.orders.seed(20, (i) => ({
    email: `customer${i}@example.com`,
    customer: { firstName: 'Ada', lastName: 'Lovelace', email: `customer${i}@example.com` },
    shippingAddress: address,
    billingAddress: address,
    shipping: '4.90',
    tax: '6.10',
    lineItems: [1, 2, 3].map((n) => ({
      title: `Product ${n} - a typical catalogue title`,
      quantity: n,
      unitPrice: '19.90',
      sku: `SKU-${i}-${n}`,
      variantTitle: 'Blue / M',
    })),
  }));
  await runCliOrStop(
    'sync-orders',
    ['sync-orders'],
    {
      DATABASE_URL: db.url,
      SHOPIFY_SHOP: BENCH_SHOP,
      SHOPIFY_ACCESS_TOKEN: shopify.accessToken,
      SHOPIFY_API_BASE_URL: shopify.url,
      APIX_BASE_URL: apix.url,
      APIX_TOKEN: apix.token,
      LOG_LEVEL: 'warn',
      LOCK_BACKEND: 'postgres',
    },
    args.runtime,
  );
  const template = await db.pool.query<{ n: string; r: string; c: string }>(
    `SELECT (SELECT normalized::text FROM orders LIMIT 1) AS n, (SELECT raw::text FROM orders LIMIT 1) AS r,
            (SELECT counts::text FROM sync_runs WHERE job = 'sync-orders' ORDER BY id DESC LIMIT 1) AS c`,
  );
  const { n: normalized, r: raw, c: counts } = template.rows[0] ?? {};
  if (!normalized || !raw || !counts) throw new Error('the real run stored no order');
  await db.pool.query(`TRUNCATE orders, order_push_attempts, record_errors, sync_runs CASCADE`);

  const perDay = Math.max(1, Math.round(ordersPerDay * scale));
  const yearStart = Date.now() - days * DAY_MS;
  const retention = createPgRetention(db.pool);
  let purgeCalls = 0;
  for (let day = 0; day < days; day += chunkDays) {
    const span = Math.min(chunkDays, days - day);
    const from = new Date(yearStart + day * DAY_MS);
    const first = day * perDay;
    const count = span * perDay;
    // Runs: every 5 minutes, each with the counts a real run records.
    await db.pool.query(
      `INSERT INTO sync_runs (job, shop, trigger, status, holder, started_at, finished_at, counts)
       SELECT CASE WHEN g % ${RUNS_PER_DAY + 1} = 0 THEN 'sync-to-shopify' ELSE 'sync-orders' END,
              $1, 'schedule', 'succeeded', 'integration-service-sync-orders-28934-x7k2p',
              $2::timestamptz + g * interval '5 minutes', $2::timestamptz + g * interval '5 minutes' + interval '9 seconds', $3::jsonb
         FROM generate_series(0, $4::int - 1) g`,
      [BENCH_SHOP, from, counts, span * (RUNS_PER_DAY + 1)],
    );
    // Orders: created through the chunk, last changed two days later (fulfilment); a share
    // cancelled. Every one delivered, as a healthy store's are.
    await db.pool.query(
      `INSERT INTO orders (shop, shopify_id, name, shopify_updated_at, shopify_created_at, normalized, raw,
                           payload_hash, version, pushed_version, push_state, apix_reference, created_at, updated_at)
       SELECT $1, 'gid://shopify/Order/' || (10000000 + g), '#' || (10000000 + g), t.updated, t.created,
              $2::jsonb || jsonb_build_object('shopifyId', 'gid://shopify/Order/' || (10000000 + g),
                'name', '#' || (10000000 + g), 'createdAt', t.created, 'updatedAt', t.updated,
                'cancelledAt', CASE WHEN t.finished THEN t.updated END),
              $3::jsonb, encode(sha256(g::text::bytea), 'hex'), t.versions, t.versions, 'pushed',
              'APX-' || (10000000 + g), t.created, t.updated
         FROM generate_series($4::bigint, $4::bigint + $5::bigint - 1) g,
              LATERAL (SELECT $6::timestamptz + (g - $4::bigint) * ($7::bigint * interval '1 millisecond') AS created,
                              $6::timestamptz + (g - $4::bigint) * ($7::bigint * interval '1 millisecond') + interval '2 days' AS updated,
                              random() < $8 AS finished,
                              CASE WHEN random() < $9 THEN 2 ELSE 1 END AS versions) t`,
      [
        BENCH_SHOP,
        normalized,
        raw,
        first,
        count,
        from,
        Math.floor(DAY_MS / perDay),
        finishedShare,
        updateShare,
      ],
    );
    await db.pool.query(
      `INSERT INTO order_push_attempts (shop, shopify_id, version, run_id, kind, idempotency_key, outcome, detail, attempted_at)
       SELECT o.shop, o.shopify_id, v, (SELECT max(id) FROM sync_runs), CASE WHEN v = 1 THEN 'create' ELSE 'update' END,
              'order-' || encode(sha256((o.shopify_id || v)::bytea), 'hex'), 'accepted', 'reference ' || o.apix_reference,
              CASE WHEN v = 1 THEN o.shopify_created_at ELSE o.shopify_updated_at END
         FROM orders o, generate_series(1, o.version) v
        WHERE o.shopify_created_at >= $1 AND o.shopify_created_at < $2`,
      [from, new Date(from.getTime() + span * DAY_MS)],
    );
    // A few per-record errors a day (one in a thousand orders), with their payload.
    await db.pool.query(
      `INSERT INTO record_errors (run_id, entity, external_id, field, reason, payload, created_at)
       SELECT (SELECT max(id) FROM sync_runs), 'order', shopify_id, 'shippingAddress.zip',
              'API X rejected the order: shippingAddress.zip: unknown postcode', normalized, created_at
         FROM orders WHERE shopify_created_at >= $1 AND shopify_created_at < $2 AND random() < 0.001`,
      [from, new Date(from.getTime() + span * DAY_MS)],
    );
    // The jobs' purge, as often as it takes (real runs do 5 batches of 1,000 per table each).
    const now = new Date(from.getTime() + span * DAY_MS);
    const olderThan = new Date(now.getTime() - retentionDays * DAY_MS);
    for (;;) {
      purgeCalls++;
      const purged = await retention.purge(olderThan);
      if (Object.values(purged).every((n) => n === 0)) break;
    }
    await db.pool.query('VACUUM');
    process.stderr.write(`day ${day + span}/${days}\r`);
  }
  await db.pool.query('VACUUM ANALYZE');

  // After VACUUM ANALYZE the statistics' live row counts are exact enough (and need no scan).
  const { rows } = await db.pool.query<{ table: string; rows: string; bytes: string }>(
    `SELECT relname AS table, n_live_tup AS rows, pg_total_relation_size(relid) AS bytes
       FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC`,
  );
  const ORDER_TABLES = new Set(['orders', 'order_push_attempts', 'record_errors']);
  const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
  let measured = 0;
  let projected = 0;
  const table: Record<string, string | number>[] = [];
  for (const r of rows) {
    const bytes = Number(r.bytes);
    const factor = ORDER_TABLES.has(r.table) ? 1 / scale : 1;
    measured += bytes;
    projected += bytes * factor;
    table.push({
      table: r.table,
      rows: Number(r.rows),
      'measured MB': mb(bytes),
      [`at ${ordersPerDay}/day MB`]: mb(bytes * factor),
    });
  }
  table.push({
    table: 'total',
    rows: '',
    'measured MB': mb(measured),
    [`at ${ordersPerDay}/day MB`]: mb(projected),
  });
  const withRaw = await db.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM orders WHERE raw <> 'null'::jsonb`,
  );
  printTable(
    `bench:orders-year (${days} days of ${ordersPerDay} orders/day at scale ${scale} = ${perDay}/day written; RETENTION_DAYS ${retentionDays}; ${finishedShare * 100}% cancelled, ${updateShare * 100}% changed once; purge calls ${purgeCalls}; ${((Date.now() - started) / 1000).toFixed(0)} s; load ${loadAverage()})`,
    table,
  );
  console.log(
    `orders kept ${table.find((t) => t.table === 'orders')?.rows ?? 0} (raw payload kept on ${withRaw.rows[0]?.n ?? 0}); template order: normalized ${normalized.length} B, raw ${raw.length} B`,
  );
} finally {
  await Promise.allSettled([shopify.close(), apix.close()]);
  await db.drop();
}
