/**
 * `make demo`: the whole service on one machine in about a minute. Starts PostgreSQL (embedded, or
 * DATABASE_URL's server), both simulators in this process, then runs the real CLI as an operator
 * would: `migrate up`, `sync-to-shopify`, `sync-orders`, twice. The first round fills the empty
 * shop; the second is the delta run right after a successful one and sends nothing. Each `make
 * demo` starts from a fresh `integration_demo` database, because the simulators keep their state in
 * memory and a database left from an earlier demo would describe a shop that no longer exists.
 */
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/adapters/postgres/embedded-postgres.js';
import {
  startSimulators,
  type RunningSimulators,
  type SimulatorsOptions,
} from '../simulators/cli.js';
import { runCli, type CliResult } from './support/run-cli.js';
import { withDatabase } from './support/database-url.js';

export interface DemoOptions {
  /** A PostgreSQL server URL the demo may create and drop its database on. */
  readonly serverUrl: string;
  readonly database: string;
  readonly simulators: Pick<SimulatorsOptions, 'products' | 'categories' | 'orders' | 'seed'>;
  readonly out: Writable;
  /** Per CLI command (a few thousand products take well under a minute on 2 cores). */
  readonly commandTimeoutMs?: number;
  /** Set when serverUrl is the embedded PostgreSQL (stopped when the demo exits). */
  readonly embedded?: { readonly dir: string; readonly port: number };
}

/**
 * The command the demo's last line offers for a look at what it left: one that works after the
 * demo has exited. The embedded server stops with the demo, so the command has the CLI start it
 * again on the demo's database; a server URL is shown without its password (pg reads PGPASSWORD).
 */
export function lookAroundCommand(options: {
  readonly serverUrl: string;
  readonly database: string;
  readonly embedded?: { readonly dir: string; readonly port: number } | undefined;
}): string {
  const cli = 'node --import tsx src/cli/main.ts status';
  if (options.embedded) {
    const vars = [`EMBEDDED_POSTGRES_DATABASE=${options.database}`];
    if (options.embedded.dir !== '.data/postgres')
      vars.push(`EMBEDDED_POSTGRES_DIR='${options.embedded.dir}'`);
    if (options.embedded.port !== 54320)
      vars.push(`EMBEDDED_POSTGRES_PORT=${options.embedded.port}`);
    return `${vars.join(' ')} ${cli}`;
  }
  const url = new URL(withDatabase(options.serverUrl, options.database));
  const hadPassword = url.password !== '';
  url.password = '';
  return `${hadPassword ? 'PGPASSWORD=<its password> ' : ''}DATABASE_URL='${url.toString()}' ${cli}`;
}

/** One job's JSON summary line, as job-command.ts prints it (only the fields the demo shows). */
export interface JobSummary {
  readonly job: string;
  readonly status: string;
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly recordErrors: Readonly<Record<string, number>>;
  readonly shopifyCost: number;
  readonly error?: string;
}

export interface DemoRound {
  readonly toShopify: JobSummary;
  readonly orders: JobSummary;
  readonly seconds: { readonly toShopify: number; readonly orders: number };
  /** Variants the service has mapped to Shopify (its `mappings` table) after the round. */
  readonly variantsMapped: number;
  readonly ordersBacklog: Readonly<Record<string, number>>;
}

export interface DemoResult {
  readonly rounds: readonly DemoRound[];
  /** Everything printed. */
  readonly text: string;
  readonly databaseUrl: string;
  readonly sims: RunningSimulators;
  /** Stops the simulators (the database stays for inspection until the next demo). */
  close(): Promise<void>;
}

export class DemoStepError extends Error {
  override readonly name = 'DemoStepError';
}

const n = (value: number | undefined): string => (value ?? 0).toLocaleString('en-US');
const count = (s: JobSummary, entity: string, result: string): number =>
  s.counts[entity]?.[result] ?? 0;
const errorsOf = (s: JobSummary): number =>
  Object.values(s.recordErrors).reduce((a, b) => a + b, 0);

/** The human summary of one round. Pure: the demo test parses it back and checks it against the simulators. */
export function formatRound(label: string, r: DemoRound): string {
  const t = r.toShopify;
  const o = r.orders;
  const pushed = count(o, 'order', 'pushed');
  const backlog = Object.entries(r.ordersBacklog)
    .filter(([state]) => state !== 'pushed')
    .map(([state, k]) => `${n(k)} ${state}`)
    .join(', ');
  return [
    `${label}`,
    `  sync-to-shopify  ${t.status} in ${r.seconds.toShopify.toFixed(1)}s, Shopify cost ${n(t.shopifyCost)} points`,
    `    collections  ${n(count(t, 'category', 'created'))} created, ${n(count(t, 'category', 'updated'))} updated, ${n(count(t, 'category', 'archived'))} no longer managed, ${n(count(t, 'category', 'unchanged'))} unchanged`,
    `    products     ${n(count(t, 'product', 'created'))} created, ${n(count(t, 'product', 'updated'))} updated, ${n(count(t, 'product', 'archived'))} archived, ${n(count(t, 'product', 'unchanged'))} unchanged`,
    `    prices       ${n(count(t, 'price', 'updated'))} updated after creation`,
    `    variants     ${n(r.variantsMapped)} in Shopify, each under its API X id`,
    `    per-record errors  ${n(errorsOf(t))}`,
    `  sync-orders      ${o.status} in ${r.seconds.orders.toFixed(1)}s, Shopify cost ${n(o.shopifyCost)} points`,
    `    orders       ${n(count(o, 'order', 'fetched'))} read from Shopify (${n(count(o, 'order', 'created'))} new, ${n(count(o, 'order', 'updated'))} changed), ${n(pushed)} pushed to API X${backlog ? `; waiting: ${backlog}` : ''}`,
    `    per-record errors  ${n(errorsOf(o))}`,
    `  round total      ${(r.seconds.toShopify + r.seconds.orders).toFixed(1)}s, Shopify cost ${n(t.shopifyCost + o.shopifyCost)} points`,
  ].join('\n');
}

function summaryOf(result: CliResult, what: string): JobSummary {
  const line = result.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"job"'));
  if (!line)
    throw new DemoStepError(
      `${what} printed no summary (exit ${String(result.code)}):\n${result.stderr.slice(-2000)}`,
    );
  const summary = JSON.parse(line) as JobSummary;
  if (result.code !== 0 || summary.status !== 'succeeded') {
    throw new DemoStepError(
      `${what} ${summary.status}: ${summary.error ?? result.stderr.slice(-2000)}`,
    );
  }
  return summary;
}

async function recreateDatabase(serverUrl: string, database: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database))
    throw new Error(`not a plain database name: ${database}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  return withDatabase(serverUrl, database);
}

async function serviceState(
  databaseUrl: string,
): Promise<{ variants: number; backlog: Record<string, number> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const v = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM mappings WHERE entity = 'variant' AND shopify_id IS NOT NULL AND state <> 'removed'`,
    );
    const b = await client.query<{ push_state: string; n: string }>(
      `SELECT push_state, count(*) AS n FROM orders GROUP BY 1 ORDER BY 1`,
    );
    return {
      variants: Number(v.rows[0]?.n ?? 0),
      backlog: Object.fromEntries(b.rows.map((r) => [r.push_state, Number(r.n)])),
    };
  } finally {
    await client.end();
  }
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  let text = '';
  const print = (line: string) => {
    text += line + '\n';
    options.out.write(line + '\n');
  };
  const timeoutMs = options.commandTimeoutMs ?? 300_000;
  const startedAt = performance.now();
  const databaseUrl = await recreateDatabase(options.serverUrl, options.database);
  const sims = await startSimulators({
    shopifyPort: 0,
    apixPort: 0,
    shop: 'demo-shop.myshopify.com',
    ...options.simulators,
  });
  try {
    const env = {
      ...sims.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      LOCK_BACKEND: 'postgres',
    };
    const cli = (args: string[]) => runCli(args, env, { timeoutMs });
    const size = sims.apix.catalog.size();
    print(
      `API X simulator: ${n(size.products)} products in ${n(size.categories)} categories at ${sims.apix.url}`,
    );
    print(
      `Shopify simulator: empty shop ${sims.shopify.shop} at ${sims.shopify.url}, ${n(sims.shopify.orders.list().length)} orders placed`,
    );
    print(`PostgreSQL: database ${options.database} (fresh)\n`);

    const migrated = await cli(['migrate', 'up']);
    if (migrated.code !== 0) throw new DemoStepError(`migrate up failed: ${migrated.stderr}`);
    print(`$ integration-service migrate up\n  ${migrated.stdout.trim()}\n`);

    const rounds: DemoRound[] = [];
    for (const label of [
      'Round 1: first sync into an empty shop',
      'Round 2: the same again right after (a delta run: nothing to send)',
    ]) {
      const t0 = performance.now();
      const toShopify = summaryOf(
        await cli(['sync-to-shopify', '--trigger', 'demo']),
        'sync-to-shopify',
      );
      const t1 = performance.now();
      const orders = summaryOf(await cli(['sync-orders', '--trigger', 'demo']), 'sync-orders');
      const t2 = performance.now();
      const state = await serviceState(databaseUrl);
      const round: DemoRound = {
        toShopify,
        orders,
        seconds: { toShopify: (t1 - t0) / 1000, orders: (t2 - t1) / 1000 },
        variantsMapped: state.variants,
        ordersBacklog: state.backlog,
      };
      rounds.push(round);
      print(formatRound(label, round) + '\n');
    }

    const status = await cli(['status']);
    if (status.code === 0) print(`$ integration-service status\n${status.stdout.trimEnd()}\n`);
    else
      print(
        `(status: ${(status.stderr.trim().split('\n')[0] ?? '').replace(/^integration-service: /, '')})\n`,
      );

    print(
      `Done in ${((performance.now() - startedAt) / 1000).toFixed(1)}s. The demo database ${options.database} stays for a look (errors, orders show, ...):\n  ${lookAroundCommand(options)}`,
    );
    return { rounds, text, databaseUrl, sims, close: () => sims.close() };
  } catch (error) {
    await sims.close();
    throw error;
  }
}

async function main(): Promise<void> {
  const size = (name: string, fallback: number): number => {
    const v = Number(process.env[name] ?? fallback);
    return Number.isInteger(v) && v >= 0 ? v : fallback;
  };
  let serverUrl = process.env['DATABASE_URL'];
  let embedded: { dir: string; port: number } | undefined;
  if (serverUrl) process.stdout.write('Using the PostgreSQL server of DATABASE_URL.\n');
  else {
    embedded = {
      dir: process.env['EMBEDDED_POSTGRES_DIR'] ?? '.data/postgres',
      port: size('EMBEDDED_POSTGRES_PORT', 54320),
    };
    process.stdout.write(
      `DATABASE_URL is not set: starting the embedded PostgreSQL (${embedded.dir}, port ${embedded.port})...\n`,
    );
    serverUrl = (await startEmbeddedPostgres({ dataDir: embedded.dir, port: embedded.port })).url;
  }
  const demo = await runDemo({
    serverUrl,
    database: 'integration_demo',
    embedded,
    simulators: {
      products: size('DEMO_PRODUCTS', 3000),
      categories: size('DEMO_CATEGORIES', 40),
      orders: size('DEMO_ORDERS', 50),
      seed: size('DEMO_SEED', 1),
    },
    out: process.stdout,
  });
  await demo.close();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    // embedded-postgres stops the server it started as this process exits.
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `demo failed: ${error instanceof DemoStepError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
