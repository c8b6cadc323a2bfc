import type pg from 'pg';
import * as assert from 'uvu/assert';

/** A record error as the operator reads it (`errors --run`). */
export interface NamedError {
  entity: string;
  external_id: string;
  field: string | null;
  reason: string;
}

/** The record errors of the newest run, in the order they were recorded. */
export async function lastRunErrors(pool: pg.Pool): Promise<NamedError[]> {
  const { rows } = await pool.query<NamedError>(
    `SELECT entity, external_id, field, reason FROM record_errors
      WHERE run_id = (SELECT max(id) FROM sync_runs) ORDER BY id`,
  );
  return rows;
}

/** Each expected record is named among `errors`, with its field and (when given) a reason containing `reason`. */
export function assertEachNamed(
  errors: readonly NamedError[],
  expected: readonly { entity: string; id: string; field: string; reason?: string }[],
): void {
  for (const n of expected)
    assert.ok(
      errors.some(
        (e) =>
          e.entity === n.entity &&
          e.external_id === n.id &&
          e.field === n.field &&
          e.reason.includes(n.reason ?? ''),
      ),
      `${n.entity} ${n.id} named with field ${n.field}: ${JSON.stringify(errors)}`,
    );
}
