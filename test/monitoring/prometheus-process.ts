import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { packageRoot } from '../../src/infra/package-root.js';
import { freePort } from '../infra/metrics/pushgateway-process.js';

/** A real Prometheus server (Debian's build, from .tools/bin) scraping one Pushgateway. */
export interface PrometheusProcess {
  readonly url: string;
  /** An instant query's result vector. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** The raw `data` of a query or query_range answer (resultType and result). */
  api(pathAndQuery: string): Promise<{ resultType?: string; result?: unknown[]; alerts?: Alert[] }>;
  alerts(): Promise<Alert[]>;
  stop(): Promise<void>;
}

export interface Alert {
  readonly labels: Record<string, string>;
  readonly state: 'pending' | 'firing';
}

/** Scrapes `pushgateway` (host:port) every second like kube-prometheus-stack does the gateway (honor_labels), evaluating `rules` every second. */
export async function startPrometheus(
  pushgateway: string,
  rules: unknown,
): Promise<PrometheusProcess> {
  const binary = path.join(packageRoot(), '.tools/bin/prometheus');
  if (!existsSync(binary))
    throw new Error(`${binary} is missing: run make tools (bash scripts/fetch-tools.sh)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prometheus-'));
  writeFileSync(path.join(dir, 'rules.yaml'), stringify(rules));
  writeFileSync(
    path.join(dir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [path.join(dir, 'rules.yaml')],
      scrape_configs: [
        {
          job_name: 'pushgateway',
          honor_labels: true,
          static_configs: [{ targets: [pushgateway] }],
        },
      ],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(
    binary,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`prometheus did not start:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const api = async (pathAndQuery: string) => {
    const body = (await (await fetch(`${url}/api/v1/${pathAndQuery}`)).json()) as {
      status: string;
      data: { resultType?: string; result?: unknown[]; alerts?: Alert[] };
      error?: string;
    };
    if (body.status !== 'success') throw new Error(`prometheus: ${pathAndQuery}: ${body.error}`);
    return body.data;
  };
  return {
    url,
    api,
    async query(expr) {
      const data = await api(`query?query=${encodeURIComponent(expr)}`);
      return data.result as { metric: Record<string, string>; value: [number, string] }[];
    },
    async alerts() {
      return (await api('alerts')).alerts ?? [];
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
