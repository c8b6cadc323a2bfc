import { Gauge, Registry } from 'prom-client';
import type { OrderPushState } from '../../domain/model/order.js';
import type { Entity } from '../../domain/model/record-error.js';
import type { JobName, RunCounts, RunStatus } from '../../domain/model/sync-run.js';
import { METRICS } from './metric-names.js';

/** How an API X request ended, for `integration_service_run_apix_requests{outcome}`. */
export type ApixOutcome = 'ok' | 'client_error' | 'server_error' | 'network_error';

/** The final status of a run (a run that is still running pushes nothing). */
export type FinalRunStatus = Exclude<RunStatus, 'running' | 'died'>;

export const FINAL_RUN_STATUSES: readonly FinalRunStatus[] = [
  'succeeded',
  'failed',
  'interrupted',
  'skipped',
];

/** What one finished run reports to the Pushgateway. */
export interface RunReport {
  readonly job: JobName;
  /** The shop the run worked on (a grouping label; e.g. `demo.myshopify.com`). */
  readonly shop: string;
  /**
   * `skipped` means another holder had the lock: only the skip timestamp (and build info) is
   * pushed, so the figures of the run that holds the lock, or of the last real run, stay in place.
   */
  readonly status: FinalRunStatus;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly counts: RunCounts;
  /** Per-record errors of the run, by entity (`Entity` names; string keys so callers' maps fit). */
  readonly recordErrors: Readonly<Partial<Record<Entity | (string & {}), number>>>;
  readonly shopify?: { readonly costPoints: number; readonly throttled: number };
  /** Requests by `ApixOutcome`. */
  readonly apixRequests?: Readonly<Partial<Record<ApixOutcome | (string & {}), number>>>;
  /** Orders by `OrderPushState` after the run (sync-orders). */
  readonly ordersBacklog?: Readonly<Partial<Record<OrderPushState | (string & {}), number>>>;
  /** Runs in a row that did not succeed, this one included; absent when it could not be counted. */
  readonly failedRunsInARow?: number;
  /** Earlier runs this run found dead and recorded as died; absent when it could not look. */
  readonly diedRunsFound?: number;
  /** Age of the oldest change waiting for delivery after the run (sync-orders); 0 when none. */
  readonly ordersOldestUndeliveredAgeSeconds?: number;
  /** Shipments held after the run, by cause, and the oldest waiting one's age (0 when none). */
  readonly shipmentsHeld?: ShipmentsHeldFigures;
  /** Stock levels still marked for a recheck after the run (sync-inventory), the oldest's age. */
  readonly stockRechecks?: { readonly waiting: number; readonly oldestAgeSeconds: number };
}

/** Held shipments as pushed (sync-orders with shipments on). */
export interface ShipmentsHeldFigures {
  readonly waiting: number;
  readonly refused: number;
  readonly oldestAgeSeconds: number;
}

/** The states that make up the backlog metric; `pushed` goes to its own metric, `skipped` nowhere. */
const BACKLOG_STATES: readonly string[] = ['pending', 'failed', 'dead'];

const seconds = (date: Date) => date.getTime() / 1000;

/** The labels of the zero sample a run without items pushes (dashboards filter it out). */
export const NO_ITEMS = { entity: 'none', result: 'none' } as const;

/**
 * A registry holding the metrics of one run, for one push. Only the metrics this run has values
 * for are registered: with a POST a metric left out keeps its previous value on the gateway, which
 * is how the last-success timestamp survives failed runs.
 */
export function buildRunRegistry(report: RunReport, version: string): Registry {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });

  gauge(METRICS.buildInfo, 'Always 1; the version label says which build ran.', ['version']).set(
    { version },
    1,
  );

  if (report.status === 'skipped') {
    gauge(
      METRICS.lastLockSkipTimestamp,
      'Unix time of the last run skipped because another holder had the lock.',
    ).set(seconds(report.finishedAt));
    return registry;
  }

  if (report.status === 'succeeded') {
    gauge(METRICS.lastSuccessTimestamp, 'Unix time of the last successful run.').set(
      seconds(report.finishedAt),
    );
  }
  gauge(METRICS.lastRunTimestamp, 'Unix time of the last run, whatever its outcome.').set(
    seconds(report.finishedAt),
  );
  const status = gauge(
    METRICS.lastRunStatus,
    '1 for the status of the last run, 0 for the others.',
    ['status'],
  );
  for (const s of FINAL_RUN_STATUSES) status.set({ status: s }, s === report.status ? 1 : 0);
  gauge(METRICS.lastRunDuration, 'Duration of the last run in seconds.').set(
    Math.max(0, seconds(report.finishedAt) - seconds(report.startedAt)),
  );

  if (report.diedRunsFound !== undefined)
    gauge(
      METRICS.diedRunsFound,
      "Earlier runs the last run found dead (still 'running', their process gone).",
    ).set(report.diedRunsFound);
  if (report.failedRunsInARow !== undefined)
    gauge(
      METRICS.failedRunsInARow,
      'Runs in a row that did not succeed, the last one included (0 after a success).',
    ).set(report.failedRunsInARow);

  const items = gauge(METRICS.runItems, 'Items of the last run by entity and result.', [
    'entity',
    'result',
  ]);
  for (const [entity, results] of Object.entries(report.counts)) {
    for (const [result, n] of Object.entries(results))
      if (n !== undefined) items.set({ entity, result }, n);
  }
  // The Pushgateway replaces a metric only when the push carries a sample of it: a run without
  // items (failed before any) sends this placeholder, so the previous run's items do not stay.
  if (Object.keys(report.counts).length === 0) items.set(NO_ITEMS, 0);

  // Every entity the run touched gets a series, 0 included, so "errors > 0" alerts see recoveries.
  const errors = gauge(METRICS.runRecordErrors, 'Per-record errors of the last run by entity.', [
    'entity',
  ]);
  const errorEntities = new Set([
    ...Object.keys(report.counts),
    ...Object.keys(report.recordErrors),
  ]);
  for (const entity of errorEntities) errors.set({ entity }, report.recordErrors[entity] ?? 0);
  if (errorEntities.size === 0) errors.set({ entity: NO_ITEMS.entity }, 0);

  if (report.shopify) {
    gauge(METRICS.runShopifyCostPoints, 'Shopify GraphQL cost points spent by the last run.').set(
      report.shopify.costPoints,
    );
    gauge(METRICS.runShopifyThrottled, 'Throttled Shopify responses seen by the last run.').set(
      report.shopify.throttled,
    );
  }
  if (report.apixRequests) {
    const apix = gauge(METRICS.runApixRequests, 'API X requests of the last run by outcome.', [
      'outcome',
    ]);
    for (const [outcome, n] of Object.entries(report.apixRequests))
      if (n !== undefined) apix.set({ outcome }, n);
  }
  if (report.ordersBacklog) {
    const backlog = gauge(
      METRICS.ordersBacklog,
      'Orders waiting (pending, failed) or given up (dead) after the last run.',
      ['state'],
    );
    for (const state of BACKLOG_STATES) backlog.set({ state }, report.ordersBacklog[state] ?? 0);
    gauge(METRICS.ordersDelivered, 'Orders API X has accepted, all time.').set(
      report.ordersBacklog['pushed'] ?? 0,
    );
  }
  if (report.ordersOldestUndeliveredAgeSeconds !== undefined) {
    gauge(
      METRICS.ordersOldestUndeliveredAge,
      'Seconds since the oldest change still waiting for delivery to API X happened in Shopify.',
    ).set(report.ordersOldestUndeliveredAgeSeconds);
  }
  if (report.shipmentsHeld) {
    const held = gauge(
      METRICS.shipmentsHeld,
      'Shipments held after the last run: waiting (a Shopify hold, retried every run) or refused (waits for API X).',
      ['cause'],
    );
    held.set({ cause: 'waiting' }, report.shipmentsHeld.waiting);
    held.set({ cause: 'refused' }, report.shipmentsHeld.refused);
    gauge(
      METRICS.shipmentsOldestHeldAge,
      'Seconds the oldest shipment waiting on a Shopify hold has waited (0 when none; refused ones are not in it).',
    ).set(report.shipmentsHeld.oldestAgeSeconds);
  }
  if (report.stockRechecks) {
    gauge(
      METRICS.stockRechecksWaiting,
      'Stock levels a fulfilment moved in Shopify still waiting for their recheck after the run.',
    ).set(report.stockRechecks.waiting);
    gauge(
      METRICS.stockRechecksOldestAge,
      'Seconds since the oldest stock level still waiting for a recheck was marked (0 when none).',
    ).set(report.stockRechecks.oldestAgeSeconds);
  }
  return registry;
}
