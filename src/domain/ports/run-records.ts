import type { RecordError } from '../model/record-error.js';
import type { JobName, RunCounts, RunStatus, RunTrigger } from '../model/sync-run.js';

/** The run records in Postgres (sync_runs, record_errors), as the job runner needs them. */
export interface RunRecords {
  /**
   * Marks runs left 'running' by a process that is gone as 'died' and returns how many; safe
   * because we hold the lock, so no live run of this job and shop can own such a record.
   */
  markDied(job: JobName, shop: string): Promise<number>;
  start(run: NewRun): Promise<string>;
  finish(runId: string, outcome: FinishedRun): Promise<void>;
  recordSkipped(run: NewRun, detail: { holder: string; since: string | null }): Promise<string>;
  appendErrors(runId: string, errors: readonly RecordError[]): Promise<void>;
  /** Real runs that ended failed, interrupted or died since the last success (skips ignored). */
  failuresInARow(job: JobName, shop: string): Promise<number>;
}

export interface NewRun {
  readonly job: JobName;
  readonly shop: string;
  readonly trigger: RunTrigger;
  readonly holder: string;
  /** A dry run is recorded as such and pushes no metrics: it must not clear a failure alert. */
  readonly dryRun?: boolean;
}

export interface FinishedRun {
  readonly status: Exclude<RunStatus, 'running' | 'skipped' | 'died'>;
  readonly counts: RunCounts;
  readonly error: string | null;
}
