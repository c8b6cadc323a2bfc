import type pg from 'pg';

/**
 * Every failure recorded with a reason: failed, interrupted or died runs carry their error, runs
 * left 'running' by a killed process were marked died by the next run, and every order that is
 * waiting or dead says why. (record_errors.reason is non-empty by a CHECK constraint.)
 */
export async function failureRecordProblems(pool: pg.Pool): Promise<string[]> {
  const problems: string[] = [];
  const runs = await pool.query<{ id: string; job: string; status: string; error: string | null }>(
    `SELECT id, job, status, error FROM sync_runs ORDER BY id`,
  );
  for (const r of runs.rows) {
    if (['failed', 'interrupted', 'died'].includes(r.status) && !r.error?.trim())
      problems.push(`run ${r.id} (${r.job}) ${r.status} without an error`);
    if (r.status === 'running')
      problems.push(`run ${r.id} (${r.job}) still 'running' after a later run`);
  }
  const orders = await pool.query<{ shopify_id: string; push_state: string }>(
    `SELECT shopify_id, push_state FROM orders WHERE push_state IN ('failed', 'dead') AND coalesce(last_error, '') = ''`,
  );
  for (const o of orders.rows)
    problems.push(`order ${o.shopify_id} ${o.push_state} without last_error`);
  return problems;
}

/** Per-record errors of one entity and external id (any run), newest first. */
export async function recordErrorsOf(
  pool: pg.Pool,
  entity: string,
  externalId: string,
): Promise<{ field: string | null; reason: string }[]> {
  const { rows } = await pool.query<{ field: string | null; reason: string }>(
    `SELECT field, reason FROM record_errors WHERE entity = $1 AND external_id = $2 ORDER BY id DESC`,
    [entity, externalId],
  );
  return rows;
}

/** The last run of a job as recorded in Postgres. */
export async function lastRun(
  pool: pg.Pool,
  job: string,
): Promise<{ status: string; error: string | null; detail: unknown } | undefined> {
  const { rows } = await pool.query<{ status: string; error: string | null; detail: unknown }>(
    `SELECT status, error, detail FROM sync_runs WHERE job = $1 ORDER BY id DESC LIMIT 1`,
    [job],
  );
  return rows[0];
}
