import { isAbort } from '../../domain/errors.js';
import type { RecordError } from '../../domain/model/record-error.js';
import type { RunCounts, RunStatus } from '../../domain/model/sync-run.js';
import type { Lock } from '../../domain/ports/lock.js';
import type { Logger } from '../../domain/ports/logger.js';
import { lockName } from '../../domain/lock-name.js';
import type { ProgressSink } from '../../domain/ports/progress.js';
import type { FinishedRun, NewRun, RunRecords } from '../../domain/ports/run-records.js';
import { createRunCounter, type RunCounter } from './run-counter.js';
import { createReportPusher, type RunReportSink, type RunUsage } from './run-report.js';

/** What a pipeline gets: the run's identity, a signal to stop at the next record, and counters. */
export interface RunContext {
  readonly runId: string;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly counter: RunCounter;
  /** Records a per-record failure (buffered, flushed in batches and at the end). */
  recordError(error: RecordError): Promise<void>;
  /** How many per-record failures so far, by entity. */
  errorCounts(): Readonly<Record<string, number>>;
  readonly progress?: ProgressSink | undefined;
}

/** One job's work; what it resolves to (its plan) comes back in the run's result. */
export type Pipeline<P = void> = (context: RunContext) => Promise<P>;

export interface JobRunOptions<P = void> extends NewRun {
  /** Aborted on SIGTERM/SIGINT: the pipeline stops at the next record boundary. */
  readonly signal: AbortSignal;
  readonly pipeline: Pipeline<P>;
  /** Figures for metrics, read after the pipeline ends (also when it failed). */
  readonly usage?: (() => Promise<RunUsage>) | undefined;
  /** A live view of long steps (a terminal bar); the log gets periodic lines either way. */
  readonly progress?: ProgressSink | undefined;
}

export interface JobRunResult<P = unknown> {
  readonly status: Exclude<RunStatus, 'running' | 'died'>;
  readonly runId: string | null;
  readonly counts: RunCounts;
  readonly recordErrors: Readonly<Record<string, number>>;
  readonly error: string | null;
  /** What the pipeline resolved to (its plan); null when it did not resolve (threw, or never ran). */
  readonly plan: P | null;
  /** Set when the lock was held elsewhere. */
  readonly heldBy?: { readonly holder: string; readonly since: string | null };
}

export interface JobRunnerDeps {
  readonly lock: Lock;
  readonly records: RunRecords;
  readonly reporter: RunReportSink;
  readonly logger: Logger;
  /** Turns an error into a one-line message without secrets. */
  readonly describeError: (error: unknown) => string;
  readonly now?: () => Date;
}

const ERROR_FLUSH_SIZE = 100;

/**
 * One lifecycle for every job run: lock → run record → pipeline → outcome → metrics → release.
 * Whatever happens in the pipeline, the outcome is recorded, metrics are pushed and the lock is
 * released; failures in those last steps are logged and never hide the run's own outcome.
 */
export function createJobRunner(deps: JobRunnerDeps) {
  const now = deps.now ?? (() => new Date());
  const pushReport = createReportPusher(deps);

  async function run<P = void>(options: JobRunOptions<P>): Promise<JobRunResult<P>> {
    const { job, shop } = options;
    const log = deps.logger.child({ job, shop });
    const startedAt = now();
    let attempt: Awaited<ReturnType<Lock['tryAcquire']>>;
    try {
      attempt = await deps.lock.tryAcquire(lockName(job, shop));
    } catch (error) {
      // No lock, no pipeline: but the failure is a run like any other, so it shows in status,
      // metrics and alerts (a missing RBAC rule must not look like silence).
      return recordUnlockedFailure(options, startedAt, deps.describeError(error), log);
    }

    if (!attempt.acquired) {
      const detail = { holder: attempt.holder, since: attempt.since };
      const runId = await deps.records.recordSkipped(options, detail);
      log.info(
        { runId, ...detail },
        `skipped: ${job} for ${shop} is already running (held by ${attempt.holder}${attempt.since ? ` since ${attempt.since}` : ''})`,
      );
      await pushUncountedReport(options, 'skipped', startedAt, log);
      return {
        status: 'skipped',
        runId,
        counts: {},
        recordErrors: {},
        error: null,
        plan: null,
        heldBy: detail,
      };
    }

    const held = attempt.held;
    let runId: string | null = null;
    let plan: P | null = null;
    const counter = createRunCounter();
    const errorCounts: Record<string, number> = {};
    let pendingErrors: RecordError[] = [];
    let status: FinishedRun['status'] = 'failed';
    let errorText: string | null = null;
    const signal = AbortSignal.any([options.signal, held.lost]);
    let diedRunsFound: number | undefined;

    try {
      diedRunsFound = await deps.records.markDied(job, shop);
      if (diedRunsFound > 0)
        log.error(
          { died: diedRunsFound },
          `found ${diedRunsFound} earlier ${job} run(s) still marked running with their process gone (killed: OOM, SIGKILL, node loss); recorded as died`,
        );
      runId = await deps.records.start(options);
      const id = runId;
      const runLog = log.child({ runId: id });
      const flushErrors = async () => {
        if (pendingErrors.length === 0) return;
        const batch = pendingErrors;
        pendingErrors = [];
        await deps.records.appendErrors(id, batch);
      };
      runLog.info({ trigger: options.trigger, holder: options.holder }, `${job} started`);
      try {
        plan = await options.pipeline({
          runId: id,
          signal,
          logger: runLog,
          counter,
          async recordError(error) {
            errorCounts[error.entity] = (errorCounts[error.entity] ?? 0) + 1;
            counter.add(error.entity, 'failed');
            runLog.warn(
              { entity: error.entity, externalId: error.externalId, field: error.field },
              `record skipped: ${error.reason}`,
            );
            pendingErrors.push(error);
            if (pendingErrors.length >= ERROR_FLUSH_SIZE) await flushErrors();
          },
          errorCounts: () => ({ ...errorCounts }),
          progress: options.progress,
        });
        if (held.lost.aborted) throw new Error(`lock lost: ${String(held.lost.reason)}`);
        if (options.signal.aborted) throw new Error('aborted');
        status = 'succeeded';
      } catch (error) {
        if (held.lost.aborted) {
          status = 'failed';
          errorText = `lock lost, run stopped: ${describeReason(held.lost.reason)}`;
        } else if (options.signal.aborted && (isAbort(error) || signal.aborted)) {
          status = 'interrupted';
          errorText = `interrupted: ${describeReason(options.signal.reason)}`;
        } else {
          status = 'failed';
          errorText = deps.describeError(error);
        }
      } finally {
        const unstored = pendingErrors.length;
        await flushErrors().catch((e: unknown) => {
          runLog.error({ err: deps.describeError(e) }, 'could not store per-record errors');
          // Each was logged and counted, but `errors --run` is where the operator looks for
          // what to fix: a run whose held-back records cannot be named there did not do its
          // work (as when a flush mid-run fails, which fails the pipeline).
          if (status === 'succeeded') {
            status = 'failed';
            errorText = `could not store ${unstored} per-record error(s): ${deps.describeError(e)}`;
          }
        });
      }
    } catch (error) {
      // Recording the run itself failed (database down): the run fails, the lock is still released.
      status = 'failed';
      errorText = deps.describeError(error);
    }

    const finishedAt = now();
    const counts = counter.snapshot();
    const finishLog = runId ? log.child({ runId }) : log;
    try {
      if (runId) await deps.records.finish(runId, { status, counts, error: errorText });
    } catch (error) {
      finishLog.error({ err: deps.describeError(error) }, 'could not record the run outcome');
    }
    const seconds = ((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(1);
    if (status === 'succeeded')
      finishLog.info(
        { counts, recordErrors: errorCounts, seconds },
        `${job} succeeded in ${seconds}s`,
      );
    else
      finishLog.error(
        { counts, recordErrors: errorCounts, seconds, error: errorText },
        `${job} ${status}: ${errorText ?? ''}`,
      );

    let failedRunsInARow: number | undefined;
    try {
      if (runId) failedRunsInARow = await deps.records.failuresInARow(job, shop);
    } catch (error) {
      finishLog.warn({ err: deps.describeError(error) }, 'could not count failed runs in a row');
    }
    let usage: RunUsage = {};
    try {
      usage = (await options.usage?.()) ?? {};
    } catch (error) {
      finishLog.warn(
        { err: deps.describeError(error) },
        'could not collect usage figures for metrics',
      );
    }
    await pushReport(
      {
        job,
        shop,
        status,
        startedAt,
        finishedAt,
        counts,
        recordErrors: { ...errorCounts },
        ...usage,
        ...(failedRunsInARow === undefined ? {} : { failedRunsInARow }),
        ...(diedRunsFound === undefined ? {} : { diedRunsFound }),
      },
      finishLog,
      options.dryRun,
    );
    try {
      await held.release();
    } catch (error) {
      finishLog.warn(
        { err: deps.describeError(error) },
        'could not release the lock; it expires by itself',
      );
    }
    return { status, runId, counts, recordErrors: { ...errorCounts }, error: errorText, plan };
  }

  /** The report of a run that never held the lock (skipped, or no lock to be had): nothing counted. */
  function pushUncountedReport(
    options: NewRun,
    status: 'skipped' | 'failed',
    startedAt: Date,
    log: Logger,
  ): Promise<void> {
    const { job, shop, dryRun } = options;
    const report = { job, shop, status, startedAt, finishedAt: now() };
    return pushReport({ ...report, counts: {}, recordErrors: {} }, log, dryRun);
  }

  async function recordUnlockedFailure(
    options: NewRun,
    startedAt: Date,
    message: string,
    log: Logger,
  ): Promise<JobRunResult<never>> {
    const errorText = `could not take the lock: ${message}`;
    let runId: string | null = null;
    try {
      runId = await deps.records.start(options);
      await deps.records.finish(runId, { status: 'failed', counts: {}, error: errorText });
    } catch (error) {
      log.error({ err: deps.describeError(error) }, 'could not record the run outcome');
    }
    log.error({ runId, error: errorText }, `${options.job} failed: ${errorText}`);
    await pushUncountedReport(options, 'failed', startedAt, log);
    return { status: 'failed', runId, counts: {}, recordErrors: {}, error: errorText, plan: null };
  }

  return { run };
}

export type JobRunner = ReturnType<typeof createJobRunner>;

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'signal';
}
