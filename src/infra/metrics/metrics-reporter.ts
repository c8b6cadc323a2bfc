import { Gauge, Pushgateway, Registry } from 'prom-client';
import type { RunReport } from '../../app/jobs/run-job.js';
import type { Logger } from '../../domain/ports/logger.js';
import { METRICS, PUSHGATEWAY_JOB } from './metric-names.js';

export interface MetricsReporterOptions {
  /** null: metrics are not pushed (local runs). */
  readonly url: string | null;
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly version: string;
}

const STATUSES = ['succeeded', 'failed', 'interrupted', 'skipped'] as const;

/** Builds the registry of one run's figures. Pure apart from prom-client's objects. */
export function buildRunRegistry(report: RunReport, version: string): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
  const finished = report.finishedAt.getTime() / 1000;

  // Set only on success: pushed with POST, a failed run leaves the previous value in place.
  if (report.status === 'succeeded') gauge(METRICS.lastSuccessTimestamp, 'Unix time of the last successful run').set(finished);
  if (report.status === 'skipped') {
    gauge(METRICS.lastLockSkipTimestamp, 'Unix time of the last run skipped because the lock was held').set(finished);
  }
  gauge(METRICS.lastRunTimestamp, 'Unix time of the last run').set(finished);
  const status = gauge(METRICS.lastRunStatus, '1 for the status of the last run', ['status']);
  for (const s of STATUSES) status.set({ status: s }, s === report.status ? 1 : 0);
  gauge(METRICS.lastRunDuration, 'Duration of the last run in seconds').set((report.finishedAt.getTime() - report.startedAt.getTime()) / 1000);
  gauge(METRICS.buildInfo, 'Always 1; the version label tells which build ran', ['version']).set({ version }, 1);
  if (report.status === 'skipped') return registry;

  const items = gauge(METRICS.runItems, 'Items of the last run by entity and result', ['entity', 'result']);
  for (const [entity, byResult] of Object.entries(report.counts)) {
    for (const [result, n] of Object.entries(byResult)) items.set({ entity, result }, n ?? 0);
  }
  const errors = gauge(METRICS.runRecordErrors, 'Per-record errors of the last run by entity', ['entity']);
  for (const [entity, n] of Object.entries(report.recordErrors)) errors.set({ entity }, n);
  if (report.shopify) {
    gauge(METRICS.runShopifyCostPoints, 'Shopify cost points spent by the last run').set(report.shopify.costPoints);
    gauge(METRICS.runShopifyThrottled, 'Throttled Shopify responses in the last run').set(report.shopify.throttled);
  }
  if (report.apixRequests) {
    const apix = gauge(METRICS.runApixRequests, 'API X requests of the last run by outcome', ['outcome']);
    for (const [outcome, n] of Object.entries(report.apixRequests)) apix.set({ outcome }, n);
  }
  if (report.ordersBacklog) {
    const backlog = gauge(METRICS.ordersBacklog, 'Orders by push state after the run', ['state']);
    for (const [state, n] of Object.entries(report.ordersBacklog)) backlog.set({ state }, n);
  }
  return registry;
}

/**
 * Pushes a run's figures to the Pushgateway, grouped by job, subcommand and shop (never a pod or
 * run id: groups live until deleted). A failed push is a warning, never a failed run.
 */
export function createMetricsReporter(options: MetricsReporterOptions) {
  return {
    async push(report: RunReport): Promise<{ pushed: boolean; error?: string }> {
      if (!options.url) return { pushed: false };
      const registry = buildRunRegistry(report, options.version);
      const gateway = new Pushgateway(options.url, { timeout: options.timeoutMs }, registry);
      const groupings = { subcommand: report.job, shop: report.shop };
      try {
        await withTimeout(gateway.pushAdd({ jobName: PUSHGATEWAY_JOB, groupings }), options.timeoutMs);
        return { pushed: true };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        options.logger.warn({ pushgateway: options.url, error: message }, `metrics push failed (the run itself is unaffected): ${message}`);
        return { pushed: false, error: message };
      }
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
