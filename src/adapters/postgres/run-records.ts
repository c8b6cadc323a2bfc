import type pg from 'pg';
import type { FinishedRun, NewRun, RunRecords } from '../../domain/ports/run-records.js';
import type { RecordError } from '../../domain/model/record-error.js';
import { toStorableText, unstorableAt } from '../../domain/storable-text.js';

/** sync_runs and record_errors. */
export function createPgRunRecords(pool: pg.Pool): RunRecords {
  return {
    async markDied(job, shop) {
      const result = await pool.query(
        `UPDATE sync_runs
            SET status = 'died', finished_at = now(),
                error = coalesce(error, 'the process ended without recording an outcome (killed: OOM, SIGKILL, node loss)')
          WHERE job = $1 AND shop = $2 AND status = 'running'`,
        [job, shop],
      );
      return result.rowCount ?? 0;
    },
    async start(run: NewRun) {
      const result = await pool.query<{ id: string }>(
        `INSERT INTO sync_runs (job, shop, trigger, status, holder, dry_run) VALUES ($1, $2, $3, 'running', $4, $5) RETURNING id`,
        [run.job, run.shop, run.trigger, run.holder, run.dryRun === true],
      );
      return String(result.rows[0]?.id);
    },
    async finish(runId: string, outcome: FinishedRun) {
      await pool.query(
        `UPDATE sync_runs SET status = $2, counts = $3, error = $4, finished_at = now() WHERE id = $1`,
        // The error can quote API X or Shopify (a message in an answer): stored as storable
        // text, or a NUL in it would leave the run 'running' until the next one marks it died.
        [
          runId,
          outcome.status,
          JSON.stringify(outcome.counts),
          outcome.error === null ? null : toStorableText(outcome.error),
        ],
      );
    },
    async recordSkipped(run, detail) {
      const result = await pool.query<{ id: string }>(
        `INSERT INTO sync_runs (job, shop, trigger, status, holder, finished_at, detail, dry_run)
         VALUES ($1, $2, $3, 'skipped', $4, now(), $5, $6) RETURNING id`,
        [
          run.job,
          run.shop,
          run.trigger,
          run.holder,
          JSON.stringify({ heldBy: detail.holder, since: detail.since }),
          run.dryRun === true,
        ],
      );
      return String(result.rows[0]?.id);
    },
    async failuresInARow(job, shop) {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM sync_runs
          WHERE job = $1 AND shop = $2 AND NOT dry_run AND status IN ('failed', 'interrupted', 'died')
            AND id > coalesce((SELECT max(id) FROM sync_runs WHERE job = $1 AND shop = $2 AND status = 'succeeded' AND NOT dry_run), 0)`,
        [job, shop],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async appendErrors(runId: string, errors: readonly RecordError[]) {
      if (errors.length === 0) return;
      // One statement for the batch: unnest keeps it a single round trip and fully parameterised.
      // Everything in it is for people to read, and one NUL anywhere would refuse the whole
      // batch (and, at the end, fail the run): ids, fields and reasons can quote text from
      // outside (an id API X sent, a message API X answered), so they are stored like payloads.
      await pool.query(
        `INSERT INTO record_errors (run_id, entity, external_id, field, reason, payload)
         SELECT $1, e, x, f, r, p FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) AS t(e, x, f, r, p)`,
        [
          runId,
          errors.map((e) => e.entity),
          errors.map((e) => toStorableText(e.externalId)),
          errors.map((e) => (e.field === null ? null : toStorableText(e.field))),
          errors.map((e) => toStorableText(e.reason)),
          errors.map((e) => storableCopyJsonb(e.payload)),
        ],
      );
    },
  };
}

type Replacer = (key: string, value: unknown) => unknown;

function stringify(value: unknown, replacer?: Replacer): string {
  try {
    return JSON.stringify(value ?? null, replacer) ?? 'null';
  } catch {
    return JSON.stringify({ unserialisable: String(value) }, replacer);
  }
}

/** JSON for a jsonb column; payloads that cannot be serialised are kept as their description. */
export function toJsonb(value: unknown): string {
  return stringify(value);
}

/**
 * JSON for a copy kept for people to read: a held-back record's payload, an order's document as
 * Shopify sent it. Half a surrogate pair or a NUL (often the very reason a record was held back)
 * would make jsonb refuse the whole batch, so it is kept as U+FFFD; the error's reason, or the
 * run's warning, names where it was. Keys come from outside too.
 */
export function storableCopyJsonb(payload: unknown): string {
  // JSON.stringify writes a lone surrogate or a NUL only as an escape (\udXXX, \u0000), so
  // JSON without one is kept from the first pass: a page of 250 orders costs what toJsonb does
  // (2.5-4.5 ms here), where the replacer on every value added about 2 ms. A text that merely
  // reads "\u0000" (escaped "\\u0000") only costs the second pass.
  const json = stringify(payload);
  return MAYBE_UNSTORABLE.test(json) ? stringify(payload, storableStrings) : json;
}

const MAYBE_UNSTORABLE = /\\u(?:0000|d[89a-f])/i;

const storableStrings: Replacer = (_key, value) => {
  if (typeof value === 'string') return toStorableText(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if (Object.keys(value).every((k) => unstorableAt(k) === null)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [toStorableText(k), v]));
};
