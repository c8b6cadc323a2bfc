import type pg from 'pg';

/**
 * The tables a catalogue step re-analyses before a plan that depends on them. Each statement is a
 * module constant (no name reaches SQL from outside).
 */
const ANALYZE = {
  mappings: 'ANALYZE mappings',
  staged_products: 'ANALYZE staged_products',
  staged_price_changes: 'ANALYZE staged_price_changes',
  staged_prices: 'ANALYZE staged_prices',
} as const;

export type AnalysedTable = keyof typeof ANALYZE;

/**
 * ANALYZE `table` only when it was never analysed or changed beyond autovacuum's threshold since
 * its last analysis: sampling a large unchanged table costs 0.2-0.5 s of a no-change run.
 * Returns whether it analysed.
 *
 * Stale is autovacuum's own rule (autovacuum_analyze_threshold 50 + scale factor 0.1): fewer
 * changes do not move the statistics enough to change a plan. `written` adds the rows the caller
 * has just changed itself: a backend publishes its table counters only when idle and at most once
 * a second (PostgreSQL 15 pgstat_report_stat), so pg_stat_user_tables may not show them yet.
 * Changes by other connections in the last second may be missed that way; the planner still
 * scales row counts by the table's current size, so those cost little.
 */
export async function analyzeWhenChanged(
  pool: pg.Pool,
  table: AnalysedTable,
  written = 0,
): Promise<boolean> {
  // Steps that run at once (membership and prices) may both find the table stale: the second
  // waits for the first's check and ANALYZE, then checks again (and finds it fresh), instead of
  // sampling the table a second time behind the first's lock.
  const running = analysing.get(pool) ?? new Map<AnalysedTable, Promise<unknown>>();
  analysing.set(pool, running);
  const before = running.get(table) ?? Promise.resolve();
  const mine = before.catch(() => {}).then(() => checkAndAnalyze(pool, table, written));
  running.set(table, mine);
  try {
    return await mine;
  } finally {
    if (running.get(table) === mine) running.delete(table);
  }
}

/** Per pool and table, the analyzeWhenChanged call that ends last (the next one waits for it). */
const analysing = new WeakMap<pg.Pool, Map<AnalysedTable, Promise<unknown>>>();

async function checkAndAnalyze(
  pool: pg.Pool,
  table: AnalysedTable,
  written: number,
): Promise<boolean> {
  const { rows } = await pool.query<{ stale: boolean }>(
    `SELECT coalesce(last_analyze, last_autoanalyze) IS NULL
            OR n_mod_since_analyze + $2 > 50 + n_live_tup / 10 AS stale
       FROM pg_stat_user_tables WHERE relid = $1::regclass`,
    [table, written],
  );
  if (rows[0]?.stale === false) return false;
  await pool.query(ANALYZE[table]);
  return true;
}

/** What the planner was last told about a staging table, and what it holds now. */
export interface StagedShape {
  /** Rows at its last ANALYZE or VACUUM (pg_class.reltuples); negative: never counted. */
  readonly counted: number;
  /**
   * pg_stats' null fraction of the column its plans depend on (staged_products.draft,
   * staged_prices.variant_external_id); null: no statistics, it was never analysed. For
   * staged_products, the share of rows that had no draft at the last ANALYZE.
   */
  readonly nullFraction: number | null;
  readonly rows: number;
  /** staged_products only: the rows with a draft now. */
  readonly drafts?: number;
}

/** autovacuum's analyze threshold (50 rows + 10%) applied to a difference from `counted`. */
function beyondThreshold(counted: number, difference: number): boolean {
  return Math.abs(difference) > 50 + counted / 10;
}

/**
 * Whether a staging table's statistics no longer describe it. Staging replaces its rows every
 * run (deleted, then written again), so pg_stat's change counter always says "changed" and is no
 * guide: what the plans depend on is how many rows there are and, for staged_products, how many
 * keep a draft (`draft IS NOT NULL` picks the products to write). A run that staged about what the
 * last analysed run staged (autovacuum's threshold) plans the same with the old statistics.
 */
export function stagedStatisticsStale(shape: StagedShape): boolean {
  if (shape.nullFraction === null || shape.counted < 0) return true;
  if (beyondThreshold(shape.counted, shape.rows - shape.counted)) return true;
  if (shape.drafts === undefined) return false;
  // The threshold is taken of the drafts the statistics predict, not of the table: after a
  // no-change run (none predicted) the planner takes `draft IS NOT NULL` for one row, and a delta
  // of 10% drafts then pages changedProducts by a scan and sort of the whole table per page.
  const expected = (1 - shape.nullFraction) * shape.counted;
  return beyondThreshold(expected, shape.drafts - expected);
}

/**
 * ANALYZE staged_products and staged_prices where this run's staging no longer matches their
 * statistics (stagedStatisticsStale): without fresh ones after a catalogue grew the planner takes
 * them for tiny and picks nested loops that run for minutes; with the same catalogue as last run
 * the ~0.3 s of sampling (at 10k products) changes no plan. Counting the rows costs a scan of each.
 * Returns the tables it analysed.
 */
export async function analyzeStagingWhenReshaped(pool: pg.Pool): Promise<AnalysedTable[]> {
  // statistics: per staging table, what its last ANALYZE (or VACUUM) recorded, read once for both.
  const { rows } = await pool.query<{
    product_rows: string;
    product_drafts: string;
    price_rows: string;
    product_counted: number;
    price_counted: number;
    draft_null_frac: number | null;
    price_null_frac: number | null;
  }>(
    `WITH statistics AS (
       SELECT c.oid, c.reltuples AS counted, s.null_frac
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
          AND (c.oid, s.attname) IN (('staged_products'::regclass, 'draft'),
                                     ('staged_prices'::regclass, 'variant_external_id'))
        WHERE c.oid IN ('staged_products'::regclass, 'staged_prices'::regclass)
     )
     SELECT p.product_rows, p.product_drafts,
            (SELECT count(*) FROM staged_prices) AS price_rows,
            products.counted AS product_counted, products.null_frac AS draft_null_frac,
            prices.counted AS price_counted, prices.null_frac AS price_null_frac
       FROM (SELECT count(*) AS product_rows, count(draft) AS product_drafts FROM staged_products) p,
            statistics products, statistics prices
      WHERE products.oid = 'staged_products'::regclass AND prices.oid = 'staged_prices'::regclass`,
  );
  const r = rows[0];
  if (!r) return [];
  const stale: AnalysedTable[] = [];
  if (
    stagedStatisticsStale({
      counted: r.product_counted,
      nullFraction: r.draft_null_frac,
      rows: Number(r.product_rows),
      drafts: Number(r.product_drafts),
    })
  )
    stale.push('staged_products');
  if (
    stagedStatisticsStale({
      counted: r.price_counted,
      nullFraction: r.price_null_frac,
      rows: Number(r.price_rows),
    })
  )
    stale.push('staged_prices');
  for (const table of stale) await pool.query(ANALYZE[table]);
  return stale;
}
