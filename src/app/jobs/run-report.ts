import type { JobName, RunCounts, RunStatus } from '../../domain/model/sync-run.js';
import type { Logger } from '../../domain/ports/logger.js';

/** What is pushed to metrics after every run; extra figures come from `usage()`. */
export interface RunReport {
  readonly job: JobName;
  readonly shop: string;
  readonly status: Exclude<RunStatus, 'running' | 'died'>;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly counts: RunCounts;
  readonly recordErrors: Readonly<Record<string, number>>;
  readonly shopify?: { readonly costPoints: number; readonly throttled: number };
  readonly apixRequests?: Readonly<Record<string, number>>;
  readonly ordersBacklog?: Readonly<Record<string, number>>;
  readonly ordersOldestUndeliveredAgeSeconds?: number;
  /** Held shipments after the run (sync-orders with shipments on). */
  readonly shipmentsHeld?: {
    readonly waiting: number;
    readonly refused: number;
    readonly oldestAgeSeconds: number;
  };
  /** Runs in a row, this one included, that did not succeed (0 after a success). */
  readonly failedRunsInARow?: number;
  /** Earlier runs this run found dead (their process gone without an outcome). */
  readonly diedRunsFound?: number;
}

export type RunUsage = Pick<
  RunReport,
  | 'shopify'
  | 'apixRequests'
  | 'ordersBacklog'
  | 'ordersOldestUndeliveredAgeSeconds'
  | 'shipmentsHeld'
>;

export interface RunReportSink {
  push(report: RunReport): Promise<unknown>;
}

/**
 * Pushes a run's report; a dry run pushes nothing (it must not clear a failure alert), and a
 * failed push is logged, never the run's outcome.
 */
export function createReportPusher(deps: {
  readonly reporter: RunReportSink;
  readonly describeError: (error: unknown) => string;
}) {
  return async function pushReport(report: RunReport, log: Logger, dryRun = false): Promise<void> {
    if (dryRun) {
      log.debug({}, 'dry run: no metrics pushed');
      return;
    }
    try {
      await deps.reporter.push(report);
    } catch (error) {
      log.warn(
        { err: deps.describeError(error) },
        'metrics push failed; the run outcome is unaffected',
      );
    }
  };
}
