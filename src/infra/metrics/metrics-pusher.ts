import http from 'node:http';
import https from 'node:https';
import type { Logger } from '../../domain/ports/logger.js';
import { scrubUrlCredentials } from '../../adapters/logging/redact.js';
import { PUSHGATEWAY_JOB } from './metric-names.js';
import type { RunReport } from './run-metrics.js';

export type { RunReport } from './run-metrics.js';

/** Outcome of a push. A failed push is a value: metrics must never fail the job. */
export interface PushResult {
  readonly pushed: boolean;
  readonly error?: string;
}

export interface MetricsPusher {
  /** Pushes the run's metrics; resolves within `timeoutMs` (plus a little) and never rejects. */
  push(report: RunReport): Promise<PushResult>;
}

export interface MetricsPusherOptions {
  /** Pushgateway base URL (`http://pushgateway:9091`); null disables pushing. */
  readonly url: string | null;
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** The build's version, pushed as `integration_service_build_info{version}`. */
  readonly version: string;
}

/**
 * Pushes one run's metrics to the Pushgateway with POST (pushAdd) under the grouping key
 * job="integration-service", subcommand=<job>, shop=<shop>: POST replaces only the metrics it
 * sends, so a failed run leaves the last-success timestamp alone. Never a pod or run id in the
 * key: every distinct key is a group the gateway keeps forever.
 */
export function createMetricsPusher(options: MetricsPusherOptions): MetricsPusher {
  const { url, timeoutMs, logger, version } = options;
  return {
    async push(report) {
      if (url === null) return { pushed: false };
      // prom-client (with its OpenTelemetry import, ~80 ms) is loaded only to push: a run
      // without a Pushgateway never pays for it, and one with it pays after the run's work.
      const [{ Pushgateway }, { buildRunRegistry }] = await Promise.all([
        import('prom-client'),
        import('./run-metrics.js'),
      ]);
      const target = scrubUrlCredentials(url);
      // A fresh agent without keep-alive: a lingering socket would hold the finished process open.
      const agent = url.startsWith('https:')
        ? new https.Agent({ keepAlive: false })
        : new http.Agent({ keepAlive: false });
      const gateway = new Pushgateway(
        url,
        { timeout: timeoutMs, agent },
        buildRunRegistry(report, version),
      );
      let timer: NodeJS.Timeout | undefined;
      try {
        // The socket timeout covers idleness; this bounds the whole exchange (a trickling server).
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        });
        await Promise.race([
          gateway.pushAdd({
            jobName: PUSHGATEWAY_JOB,
            groupings: { subcommand: report.job, shop: report.shop },
          }),
          deadline,
        ]);
        logger.debug(
          { pushgateway: target, subcommand: report.job, shop: report.shop, status: report.status },
          'metrics pushed',
        );
        return { pushed: true };
      } catch (error) {
        const message = scrubUrlCredentials(error instanceof Error ? error.message : String(error));
        logger.warn(
          { pushgateway: target, subcommand: report.job, shop: report.shop, error: message },
          `metrics push failed (${message}); the run result stands. Check PUSHGATEWAY_URL and that the Pushgateway is reachable`,
        );
        return { pushed: false, error: message };
      } finally {
        clearTimeout(timer);
        agent.destroy();
      }
    },
  };
}
