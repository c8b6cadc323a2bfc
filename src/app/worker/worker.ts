import type { JobName } from '../../domain/model/sync-run.js';
import type { Logger } from '../../domain/ports/logger.js';
import { cronMatches, nextCronTime, type CronSchedule } from '../../domain/cron-schedule.js';
import type { Sleep } from '../../domain/retry-policy.js';

export interface WorkerJob {
  readonly job: JobName;
  readonly schedule: CronSchedule;
  /** One run through the shared job lifecycle; `signal` aborts it at the next record. */
  run(signal: AbortSignal): Promise<unknown>;
}

export interface WorkerDeps {
  readonly jobs: readonly WorkerJob[];
  readonly logger: Logger;
  readonly now?: () => Date;
  /**
   * The service's one sleep, passed in by the composition root (tests pass a fake that moves
   * their clock). Its rejection on abort ends the wait; the loop then sees the signal.
   */
  readonly sleep: (ms: number, signal: AbortSignal) => ReturnType<Sleep>;
}

/** A slot later than this behind the clock (host suspended, clock jump) is skipped, not caught up. */
const LATE_SLOT_MS = 60_000;

/**
 * Runs each job on its cron schedule in one process until `signal` aborts. One loop sleeps to the
 * next slot of any job and starts the jobs due then; jobs run side by side (the orders job keeps
 * its five minutes while a long catalogue run goes on). A slot that comes while the same job is
 * still running is skipped, as a CronJob with `concurrencyPolicy: Forbid` does; the lock would
 * refuse it anyway. On abort, running jobs see the same signal and `run` resolves once they end.
 */
export function createWorker(deps: WorkerDeps) {
  const now = deps.now ?? (() => new Date());
  const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    deps.sleep(ms, signal).catch((error: unknown) => {
      if (!signal.aborted) throw error;
    });
  const running = new Map<JobName, Promise<void>>();

  function start(job: WorkerJob, signal: AbortSignal, slot: Date | null): void {
    if (running.has(job.job)) {
      deps.logger.warn({ job: job.job, slot }, `${job.job} is still running: this slot is skipped`);
      return;
    }
    const done = job
      .run(signal)
      .then(
        () => undefined,
        // The job runner records failures itself; anything reaching here is a bug worth a line.
        (error: unknown) =>
          deps.logger.error(
            { job: job.job, err: error instanceof Error ? error.message : String(error) },
            `${job.job} crashed in the worker`,
          ),
      )
      .finally(() => running.delete(job.job));
    running.set(job.job, done);
  }

  return {
    async run(signal: AbortSignal, options: { runAtStart?: boolean } = {}): Promise<void> {
      for (const job of deps.jobs) {
        deps.logger.info(
          {
            job: job.job,
            schedule: job.schedule.expression,
            next: nextCronTime(job.schedule, now()),
          },
          `worker: ${job.job} on '${job.schedule.expression}' (UTC)`,
        );
      }
      if (options.runAtStart) for (const job of deps.jobs) start(job, signal, null);
      let cursor = now();
      while (!signal.aborted) {
        const slots = deps.jobs
          .map((j) => nextCronTime(j.schedule, cursor))
          .filter((d): d is Date => d !== null);
        if (slots.length === 0) {
          deps.logger.warn({}, 'worker: no schedule ever fires again; waiting for a signal');
          await sleep(2 ** 31 - 1, signal);
          continue;
        }
        const slot = new Date(Math.min(...slots.map((d) => d.getTime())));
        while (!signal.aborted && now().getTime() < slot.getTime())
          await sleep(slot.getTime() - now().getTime(), signal);
        if (signal.aborted) break;
        if (now().getTime() - slot.getTime() > LATE_SLOT_MS) {
          cursor = now();
          deps.logger.warn(
            { slot, now: cursor },
            'worker: woke long after a slot (host suspended?); skipping to now',
          );
          continue;
        }
        cursor = slot;
        for (const job of deps.jobs) if (cronMatches(job.schedule, slot)) start(job, signal, slot);
      }
      await Promise.allSettled([...running.values()]);
    },
  };
}
