/**
 * analyzeWhenChanged in real PostgreSQL: a table is analysed when never analysed, skipped while
 * unchanged, analysed again once changed beyond autovacuum's threshold (50 rows + 10%), and the
 * rows a caller says it just wrote count even before the server's counters show them. Read from
 * pg_stat_user_tables' manual analyze_count, which autovacuum never moves.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeWhenChanged } from '../../../../src/adapters/postgres/catalog/analyze-when-changed.js';
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

test.run();
