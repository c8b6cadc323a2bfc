import type pg from 'pg';
import { createOperatorOrderStatus } from './operator-order-status.js';
import { advisoryLockKey } from '../lock/advisory-lock.js';
import { lockName } from '../../domain/lock-name.js';
import type { JobName, RunCounts } from '../../domain/model/sync-run.js';

/** One row of sync_runs as the operator commands show it. */
export interface RunRow {
  readonly id: string;
  readonly job: JobName;
  readonly shop: string;
  readonly trigger: string;
  readonly status: string;
  /** A --dry-run: recorded, never a success of the job. */
  readonly dryRun: boolean;
  readonly holder: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationSeconds: number | null;
  readonly counts: RunCounts;
  readonly recordErrors: number;
  readonly error: string | null;
}

export interface AdvisoryHolder {
  /** The lock name (`integration-service-<job>-<shop>`) when the key belongs to a known job and shop. */
  readonly lock: string | null;
  readonly job: JobName | null;
  readonly shop: string | null;
  readonly holder: string;
  readonly since: string | null;
  readonly pid: number;
}

export interface RecordErrorRow {
  readonly runId: string;
  readonly job: JobName;
  readonly shop: string;
  readonly entity: string;
  readonly externalId: string;
  readonly field: string | null;
  readonly reason: string;
  readonly at: string;
}

// The advisory lock names its holder through application_name with this prefix (advisory-lock.ts).
const HOLDER_PREFIX = 'integration-service:';
const JOBS: readonly JobName[] = ['sync-to-shopify', 'sync-orders', 'sync-inventory'];

/** Read-only queries behind `status` and `errors`; `shop` null means every shop. */
export function createOperatorStatus(pool: pg.Pool) {
  return {
    ...createOperatorOrderStatus(pool),
    async recentRuns(shop: string | null, perJob: number): Promise<RunRow[]> {
      const { rows } = await pool.query<RunDbRow>(
        `SELECT * FROM (
           SELECT r.*, row_number() OVER (PARTITION BY r.shop, r.job ORDER BY r.started_at DESC, r.id DESC) AS n
             FROM sync_runs r WHERE $1::text IS NULL OR r.shop = $1) r
           ${RUN_COLUMNS_JOIN}
          WHERE r.n <= $2
          ORDER BY r.shop, r.job, r.started_at DESC, r.id DESC`,
        [shop, perJob],
      );
      return rows.map(toRunRow);
    },

    async run(runId: string): Promise<RunRow | null> {
      const { rows } = await pool.query<RunDbRow>(
        `SELECT r.*, e.error_count FROM sync_runs r ${RUN_COLUMNS_JOIN} WHERE r.id = $1`,
        [runId],
      );
      return rows[0] ? toRunRow(rows[0]) : null;
    },

    /** The latest run (of any job) of the shop, or of any shop. */
    async latestRun(shop: string | null): Promise<RunRow | null> {
      const { rows } = await pool.query<RunDbRow>(
        `SELECT r.*, e.error_count FROM sync_runs r ${RUN_COLUMNS_JOIN} WHERE $1::text IS NULL OR r.shop = $1 ORDER BY r.started_at DESC, r.id DESC LIMIT 1`,
        [shop],
      );
      return rows[0] ? toRunRow(rows[0]) : null;
    },

    async recordErrors(options: {
      runId: string | null;
      shop: string | null;
      limit: number;
    }): Promise<RecordErrorRow[]> {
      const { rows } = await pool.query<{
        run_id: string;
        job: JobName;
        shop: string;
        entity: string;
        external_id: string;
        field: string | null;
        reason: string;
        created_at: Date;
      }>(
        `SELECT e.run_id, r.job, r.shop, e.entity, e.external_id, e.field, e.reason, e.created_at
           FROM record_errors e JOIN sync_runs r ON r.id = e.run_id
          WHERE ($1::bigint IS NULL OR e.run_id = $1) AND ($2::text IS NULL OR r.shop = $2)
          ORDER BY e.id DESC LIMIT $3`,
        [options.runId, options.shop, options.limit],
      );
      return rows.map((r) => ({
        runId: String(r.run_id),
        job: r.job,
        shop: r.shop,
        entity: r.entity,
        externalId: r.external_id,
        field: r.field,
        reason: r.reason,
        at: r.created_at.toISOString(),
      }));
    },

    /**
     * Connections holding an advisory lock of this service (named through application_name), with
     * the lock named back from its key for the jobs and shops this database knows.
     */
    async advisoryHolders(): Promise<AdvisoryHolder[]> {
      const { rows } = await pool.query<{
        classid: string;
        objid: string;
        application_name: string;
        backend_start: Date | null;
        pid: number;
      }>(
        `SELECT l.classid::bigint AS classid, l.objid::bigint AS objid, a.application_name, a.backend_start, l.pid
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND a.application_name LIKE $1
          ORDER BY a.backend_start`,
        [`${HOLDER_PREFIX}%`],
      );
      if (rows.length === 0) return [];
      const known = new Map<bigint, { lock: string; job: JobName; shop: string }>();
      const shops = await pool.query<{ shop: string }>(`SELECT DISTINCT shop FROM sync_runs`);
      for (const { shop } of shops.rows) {
        for (const job of JOBS) {
          const lock = lockName(job, shop);
          known.set(BigInt.asUintN(64, advisoryLockKey(lock)), { lock, job, shop });
        }
      }
      return rows.map((r) => {
        // A bigint key is stored as classid = high 32 bits, objid = low 32 bits.
        const match = known.get((BigInt(r.classid) << 32n) | BigInt(r.objid));
        return {
          lock: match?.lock ?? null,
          job: match?.job ?? null,
          shop: match?.shop ?? null,
          holder: r.application_name.slice(HOLDER_PREFIX.length),
          since: r.backend_start ? r.backend_start.toISOString() : null,
          pid: r.pid,
        };
      });
    },

    /** The job/shop pairs this database has seen (for naming Leases). */
    async knownJobs(shop: string | null): Promise<{ job: JobName; shop: string }[]> {
      const { rows } = await pool.query<{ job: JobName; shop: string }>(
        `SELECT DISTINCT job, shop FROM sync_runs WHERE $1::text IS NULL OR shop = $1 ORDER BY shop, job`,
        [shop],
      );
      return rows;
    },
  };
}

export type OperatorStatus = ReturnType<typeof createOperatorStatus>;

const RUN_COLUMNS_JOIN = `LEFT JOIN LATERAL (SELECT count(*) AS error_count FROM record_errors e WHERE e.run_id = r.id) e ON true`;

interface RunDbRow {
  id: string;
  job: JobName;
  shop: string;
  trigger: string;
  status: string;
  dry_run: boolean;
  holder: string;
  started_at: Date;
  finished_at: Date | null;
  counts: RunCounts;
  error_count: string;
  error: string | null;
}

function toRunRow(r: RunDbRow): RunRow {
  return {
    id: String(r.id),
    job: r.job,
    shop: r.shop,
    trigger: r.trigger,
    status: r.status,
    dryRun: r.dry_run,
    holder: r.holder,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
    durationSeconds: r.finished_at
      ? Math.round((r.finished_at.getTime() - r.started_at.getTime()) / 100) / 10
      : null,
    counts: r.counts,
    recordErrors: Number(r.error_count),
    error: r.error,
  };
}
