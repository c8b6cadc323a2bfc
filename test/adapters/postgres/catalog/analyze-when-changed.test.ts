/**
 * analyzeWhenChanged in real PostgreSQL: a table is analysed when never analysed, skipped while
 * unchanged, analysed again once changed beyond autovacuum's threshold (50 rows + 10%), and the
 * rows a caller says it just wrote count even before the server's counters show them. Read from
 * pg_stat_user_tables' manual analyze_count, which autovacuum never moves.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  analyzeStagingWhenReshaped,
  analyzeWhenChanged,
  stagedStatisticsStale,
  type StagedShape,
} from '../../../../src/adapters/postgres/catalog/analyze-when-changed.js';
import { useTestDatabase } from '../../../support/test-database.js';

const db = useTestDatabase(test);

async function analyzeCount(table: string): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(
    `SELECT analyze_count AS n FROM pg_stat_user_tables WHERE relid = $1::regclass`,
    [table],
  );
  return Number(rows[0]?.n);
}

/** Inserts `n` product mappings and publishes this backend's counters at once. */
async function addMappings(from: number, n: number) {
  const client = await db.pool.connect();
  try {
    await client.query(
      `INSERT INTO mappings (shop, entity, external_id, shopify_id)
       SELECT 'a.myshopify.com', 'product', 'p' || i, 'gid://shopify/Product/' || i
         FROM generate_series($1::int, $2::int) i`,
      [from, from + n - 1],
    );
    // Counters are published when the backend goes idle, at most once a second unless forced.
    await client.query(`SELECT pg_stat_force_next_flush()`);
  } finally {
    client.release();
  }
}

test('mappings: analysed when never analysed, skipped unchanged, analysed after a real change', async () => {
  const before = await analyzeCount('mappings');
  assert.is(await analyzeWhenChanged(db.pool, 'mappings'), true, 'never analysed');
  assert.is(await analyzeCount('mappings'), before + 1);

  assert.is(await analyzeWhenChanged(db.pool, 'mappings'), false, 'unchanged');
  assert.is(await analyzeCount('mappings'), before + 1);

  await addMappings(1, 1000);
  assert.is(await analyzeWhenChanged(db.pool, 'mappings'), true, '1000 new rows');
  assert.is(await analyzeCount('mappings'), before + 2);
  assert.is(await analyzeWhenChanged(db.pool, 'mappings'), false, 'unchanged again');

  // 30 rows in 1,000: under 50 + 10%, statistics still hold.
  await addMappings(1001, 30);
  assert.is(await analyzeWhenChanged(db.pool, 'mappings'), false, '30 rows in 1,000');
  assert.is(await analyzeCount('mappings'), before + 2);
});

test('staged_price_changes: rows the caller just wrote count, none leave it alone', async () => {
  await analyzeWhenChanged(db.pool, 'staged_price_changes');
  const before = await analyzeCount('staged_price_changes');
  assert.is(await analyzeWhenChanged(db.pool, 'staged_price_changes', 0), false, 'nothing written');
  assert.is(await analyzeCount('staged_price_changes'), before);
  assert.is(await analyzeWhenChanged(db.pool, 'staged_price_changes', 500), true, '500 written');
  assert.is(await analyzeCount('staged_price_changes'), before + 1);
});

test('two steps at once finding mappings stale: analysed once, not twice', async () => {
  await analyzeWhenChanged(db.pool, 'mappings');
  await addMappings(5001, 2000);
  const before = await analyzeCount('mappings');
  // Two connections open and idle, so that both checks reach the server at once.
  await Promise.all([
    db.pool.query('SELECT pg_sleep(0.05)'),
    db.pool.query('SELECT pg_sleep(0.05)'),
  ]);
  const answers = await Promise.all([
    analyzeWhenChanged(db.pool, 'mappings'),
    analyzeWhenChanged(db.pool, 'mappings'),
  ]);
  assert.equal(answers, [true, false], 'the second found it fresh');
  assert.is(await analyzeCount('mappings'), before + 1);
});

const shape = (more: Partial<StagedShape>): StagedShape => ({
  counted: 10_000,
  nullFraction: 0,
  rows: 10_000,
  ...more,
});

const drafts = (now: number, nullFraction: number | null) => ({ drafts: now, nullFraction });

test('stagedStatisticsStale: stale when never analysed or reshaped beyond 50 rows + 10%', () => {
  const cases: [string, StagedShape, boolean][] = [
    ['never analysed', shape({ nullFraction: null }), true],
    ['never counted', shape({ counted: -1 }), true],
    ['same rows, no drafts then or now', shape(drafts(0, 1)), false],
    ['same rows (prices: no drafts)', shape({}), false],
    ['1,050 more rows of 10,000', shape({ rows: 11_050 }), false],
    ['1,051 more rows of 10,000', shape({ rows: 11_051 }), true],
    ['1,051 fewer rows of 10,000', shape({ rows: 8_949 }), true],
    ['grown from empty', shape({ counted: 0, rows: 51 }), true],
    ['50 rows into an empty table', shape({ counted: 0, rows: 50 }), false],
    // Drafts are compared with the drafts the statistics predict (50 + 10% of those), not the table.
    ['1% changed since a no-change run', shape(drafts(100, 1)), true],
    ['50 changed since a no-change run', shape(drafts(50, 1)), false],
    [
      '10% + 49 changed since a no-change run',
      shape({ counted: 100_000, rows: 100_000, ...drafts(10_049, 1) }),
      true,
    ],
    ['half the drafts of last time', shape(drafts(2_500, 0.5)), true],
    ['10% more drafts than last time', shape(drafts(5_550, 0.5)), false],
    ['every product changed since a no-change run', shape(drafts(10_000, 1)), true],
    ['no-change run after an initial one (all drafts)', shape(drafts(0, 0)), true],
    ['staged_products never analysed', shape(drafts(0, null)), true],
  ];
  for (const [name, given, stale] of cases) assert.is(stagedStatisticsStale(given), stale, name);
});

/** Stages `n` products (`withDrafts` of them with a draft) and 3 prices each, replacing any. */
async function stage(n: number, withDrafts: number) {
  await db.pool.query(`DELETE FROM staged_products`);
  await db.pool.query(`DELETE FROM staged_prices`);
  await db.pool.query(
    `INSERT INTO staged_products (shop, external_id, content_hash, active, draft)
     SELECT 'a.myshopify.com', 'p' || i, 'h' || i, true, CASE WHEN i <= $2 THEN '{}'::jsonb END
       FROM generate_series(1, $1::int) i`,
    [n, withDrafts],
  );
  await db.pool.query(
    `INSERT INTO staged_prices (shop, variant_external_id, amount, content_hash)
     SELECT 'a.myshopify.com', 'v' || i, '1.00', 'h' || i FROM generate_series(1, $1::int * 3) i`,
    [n],
  );
}

/**
 * Runs `body` with autovacuum off on the staging tables: the answers below come from pg_stats and
 * reltuples, which an autovacuum ANALYZE rewrites, and every stage() changes far more rows than
 * its threshold (autovacuum is on by default on a developer's or CI's server).
 */
async function withoutAutovacuum(body: () => Promise<void>) {
  const tables = ['staged_products', 'staged_prices'] as const;
  for (const t of tables) await db.pool.query(`ALTER TABLE ${t} SET (autovacuum_enabled = false)`);
  try {
    await body();
  } finally {
    for (const t of tables) await db.pool.query(`ALTER TABLE ${t} RESET (autovacuum_enabled)`);
  }
}

test('staging: analysed when new or reshaped, left alone when staged as before', () =>
  withoutAutovacuum(async () => {
    const before = {
      products: await analyzeCount('staged_products'),
      prices: await analyzeCount('staged_prices'),
    };
    await stage(2000, 2000);
    assert.equal(
      await analyzeStagingWhenReshaped(db.pool),
      ['staged_products', 'staged_prices'],
      'never analysed',
    );
    assert.is(await analyzeCount('staged_products'), before.products + 1);
    assert.is(await analyzeCount('staged_prices'), before.prices + 1);

    // An initial run's drafts, then a no-change run: same rows, no drafts.
    await stage(2000, 0);
    assert.equal(await analyzeStagingWhenReshaped(db.pool), ['staged_products'], 'drafts gone');

    // The same catalogue again, then a few products more.
    await stage(2000, 0);
    assert.equal(await analyzeStagingWhenReshaped(db.pool), [], 'staged as before');
    await stage(2100, 10);
    assert.equal(await analyzeStagingWhenReshaped(db.pool), [], 'a few more products');
    assert.is(await analyzeCount('staged_products'), before.products + 2);
    assert.is(await analyzeCount('staged_prices'), before.prices + 1);

    await stage(4000, 0);
    assert.equal(
      await analyzeStagingWhenReshaped(db.pool),
      ['staged_products', 'staged_prices'],
      'doubled',
    );
  }));

test.run();
