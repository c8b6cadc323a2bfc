/**
 * Shared pieces of the benchmark scripts (not tests): their flags (bench-args.ts), a fresh
 * migrated database (bench-database.ts), the simulators in a child process, the real CLI as a
 * child process with its peak RSS sampled from /proc, and a plain text table.
 */
import { fork, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Runtime } from './bench-args.js';
import { createBenchDatabase, type BenchDatabase } from './bench-database.js';
import { watchConnections, type ConnectionWatch } from './connection-watch.js';
import type { SimCommand, SimProcessOptions } from './simulators-process.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_SHOP = 'bench-shop.myshopify.com';

export { parseFlags, readBenchArgs, type BenchArgs, type Runtime } from './bench-args.js';

export const loadAverage = (): string =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

export { createBenchDatabase, type BenchDatabase } from './bench-database.js';
export { watchConnections, type ConnectionPeaks } from './connection-watch.js';

export interface SimulatorsHandle {
  readonly shopifyUrl: string;
  readonly shop: string;
  readonly shopifyToken: string;
  readonly apixUrl: string;
  readonly apixToken: string;
  ask<T>(command: SimCommand): Promise<T>;
  close(): Promise<void>;
}

/** Forks scripts/bench/simulators-process.ts and waits for its ports. */
export async function startSimulatorsProcess(
  options: SimProcessOptions,
): Promise<SimulatorsHandle> {
  const child = fork(
    path.join(ROOT, 'scripts/bench/simulators-process.ts'),
    [JSON.stringify(options)],
    {
      execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const ready = new Promise<Record<string, string>>((resolve, reject) => {
    pending.set(0, { resolve: (v) => resolve(v as Record<string, string>), reject });
    child.once('exit', (code) => reject(new Error(`simulators process exited with ${code}`)));
  });
  child.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const waiter = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) waiter?.resolve(m.value);
    else waiter?.reject(new Error(m.error));
  });
  const info = await ready;
  return {
    shopifyUrl: info['shopifyUrl'] ?? '',
    shop: info['shop'] ?? BENCH_SHOP,
    shopifyToken: info['shopifyToken'] ?? '',
    apixUrl: info['apixUrl'] ?? '',
    apixToken: info['apixToken'] ?? '',
    ask<T>(command: SimCommand) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: (v) => resolve(v as T), reject });
        child.send({ id, command });
      });
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Shopify's Standard-plan limits, the plan the bench targets are stated for. */
export const STANDARD_BUCKET = 2000;
export const STANDARD_RESTORE_RATE = 100;

export interface BenchSetup {
  readonly db: BenchDatabase;
  readonly sims: SimulatorsHandle;
  /** Stops the simulators, then drops the database. */
  close(): Promise<void>;
}

/** A fresh database and the simulators, the Shopify one with Standard limits. */
export async function startBench(options: {
  readonly bulkRowsPerSecond: number;
  readonly apix: SimProcessOptions['apix'];
  /** More of the Shopify simulator's options (its locations, ...). */
  readonly shopify?: Partial<SimProcessOptions['shopify']>;
}): Promise<BenchSetup> {
  const db = await createBenchDatabase();
  let sims: SimulatorsHandle;
  try {
    sims = await startSimulatorsProcess({
      shopify: {
        shop: BENCH_SHOP,
        bucketSize: STANDARD_BUCKET,
        restoreRate: STANDARD_RESTORE_RATE,
        bulkRowsPerSecond: options.bulkRowsPerSecond,
        ...options.shopify,
      },
      apix: options.apix,
    });
  } catch (error) {
    await db.drop();
    throw error;
  }
  return {
    db,
    sims,
    async close() {
      await sims.close();
      await db.drop();
    },
  };
}

/** What the simulators process answers to `shopify-counters`: the simulator's own counters. */
export type { ShopifyCounters } from '../../simulators/shopify/index.js';

/** Peak resident set (VmHWM) of a live process in MB, or null once it has gone. */
function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export interface MeasuredRun {
  readonly code: number | null;
  readonly wallSeconds: number;
  /** Highest VmHWM seen while polling every 100 ms (VmHWM only grows, so this is the peak). */
  readonly peakRssMb: number;
  readonly summary: Record<string, unknown> | null;
  readonly logs: readonly Record<string, unknown>[];
  readonly stderr: string;
  /** The machine's load averages before and after the run: a busy machine skews the figures. */
  readonly load: string;
  /**
   * The most connections the process held at once (its pool and its Postgres lock;
   * connection-watch.ts), or null when not watched.
   */
  readonly peakConnections: number | null;
}

/**
 * Runs the CLI with `env`, sampling its peak RSS and, unless `watch: false` (several processes
 * at once share one watch of their own), its peak connections to env's DATABASE_URL.
 */
export async function runCliMeasured(
  args: readonly string[],
  env: Record<string, string>,
  runtime: Runtime = 'tsx',
  options: { readonly watch?: boolean } = {},
): Promise<MeasuredRun> {
  const databaseUrl = env['DATABASE_URL'];
  const watch: ConnectionWatch | null =
    options.watch !== false && databaseUrl ? await watchConnections(databaseUrl) : null;
  let run: Omit<MeasuredRun, 'peakConnections'>;
  try {
    run = await spawnCli(args, env, runtime);
  } catch (error) {
    await watch?.stop().catch(() => {});
    throw error;
  }
  const peaks = await watch?.stop();
  return { ...run, peakConnections: peaks?.perProcess ?? null };
}

function spawnCli(
  args: readonly string[],
  env: Record<string, string>,
  runtime: Runtime,
): Promise<Omit<MeasuredRun, 'peakConnections'>> {
  const loadBefore = loadAverage();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const entry =
      runtime === 'dist'
        ? [path.join(ROOT, 'dist/src/cli/main.js')]
        : ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts')];
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peak = 0;
    const sample = (): void => {
      const v = child.pid === undefined ? null : peakRssMb(child.pid);
      if (v !== null) peak = Math.max(peak, v);
    };
    const timer = setInterval(sample, 100);
    let stdout = '';
    let stderr = '';
    // BENCH_CLI_LOG=<file>: the CLI's output (its logs are on stderr) also goes to a file, to follow a long run as it goes.
    const tee = process.env['BENCH_CLI_LOG'];
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (tee) appendFileSync(tee, d);
      sample();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (tee) appendFileSync(tee, d);
    });
    child.on('error', reject);
    child.on('exit', () => sample());
    child.on('close', (code) => {
      clearInterval(timer);
      const lines = `${stdout}\n${stderr}`.split('\n').filter((l) => l.startsWith('{'));
      const parsed = lines.flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
      const summary = [...parsed].reverse().find((l) => 'job' in l && 'status' in l) ?? null;
      resolve({
        code,
        wallSeconds: (performance.now() - started) / 1000,
        peakRssMb: peak,
        summary,
        logs: parsed,
        stderr,
        load: `${loadBefore} -> ${loadAverage()}`,
      });
    });
  });
}

/**
 * runCliMeasured for a run the bench cannot go on without: a failed run shows the end of its
 * stderr and stops the script, since its figures would measure the failure.
 */
export async function runCliOrStop(
  what: string,
  args: readonly string[],
  env: Record<string, string>,
  runtime: Runtime,
): Promise<MeasuredRun> {
  const run = await runCliMeasured(args, env, runtime);
  if (run.code !== 0) {
    console.error(run.stderr.slice(-4000));
    throw new Error(`${what} exited with ${run.code}: ${JSON.stringify(run.summary)}`);
  }
  return run;
}

/** The environment the CLI needs to reach the bench's simulators and database. */
export function cliEnv(
  sims: SimulatorsHandle,
  databaseUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    SHOPIFY_SHOP: sims.shop,
    SHOPIFY_ACCESS_TOKEN: sims.shopifyToken,
    SHOPIFY_API_BASE_URL: sims.shopifyUrl,
    APIX_BASE_URL: sims.apixUrl,
    APIX_TOKEN: sims.apixToken,
    LOG_LEVEL: 'info',
    LOCK_BACKEND: 'postgres',
    // e.g. BENCH_NODE_OPTIONS=--max-old-space-size=160 to measure under the image's heap cap.
    ...(process.env['BENCH_NODE_OPTIONS']
      ? { NODE_OPTIONS: process.env['BENCH_NODE_OPTIONS'] }
      : {}),
    // e.g. BENCH_DATABASE_POOL_MAX=3: every CLI run of the bench with that pool (issue 19).
    ...(process.env['BENCH_DATABASE_POOL_MAX']
      ? { DATABASE_POOL_MAX: process.env['BENCH_DATABASE_POOL_MAX'] }
      : {}),
    ...extra,
  };
}

export function printTable(title: string, rows: readonly Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number | undefined): string => (v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]): string =>
    `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(columns.map((c) => cell(r[c]))));
}
