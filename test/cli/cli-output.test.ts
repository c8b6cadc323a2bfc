import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withUniqueKeys } from '../../src/adapters/logging/create-logger.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { compiledCli, ROOT } from '../../scripts/support/run-cli.js';
import { topLevelKeys } from '../support/json-keys.js';

// Where the CLI's output goes and how much of it arrives: command output and the run summary on
// stdout, every log line on stderr, each JSON key once, and nothing lost to a slow reader.

const e2e = useE2eEnvironment(test, { apix: { products: 12, categories: 3 } });

/** A run with `count` per-record errors whose `errors --json` is about `count` * 200 bytes. */
async function runWithErrors(count: number): Promise<string> {
  const { rows } = await e2e.db.pool.query<{ id: string }>(
    `INSERT INTO sync_runs (job, shop, trigger, status, holder, finished_at, error)
     VALUES ('sync-to-shopify', 'e2e-shop.myshopify.com', 'manual', 'succeeded', 'test', now(), NULL)
     RETURNING id`,
  );
  const runId = rows[0]?.id ?? '';
  await e2e.db.pool.query(
    `INSERT INTO record_errors (run_id, entity, external_id, field, reason)
     SELECT $1, 'product', 'P-' || i, 'price', 'price ' || i || ' is not a decimal: ' || repeat('x', 120)
     FROM generate_series(1, $2) AS i`,
    [runId, count],
  );
  return runId;
}

/** The compiled CLI printing `errors --json` of a run with `count` errors, stdout piped to us. */
async function errorsJson(count: number) {
  const runId = await runWithErrors(count);
  return spawn(
    process.execPath,
    [await compiledCli(), 'errors', '--json', '--run', runId, '--limit', String(count)],
    {
      cwd: ROOT,
      env: { PATH: process.env['PATH'], DATABASE_URL: e2e.db.url, LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

test('a slow reader gets every byte of a large errors --json before the CLI exits', async () => {
  const child = await errorsJson(5000);
  // The reader waits: nothing is read until the CLI has exited or 4 s have passed, so the pipe
  // (64 KB) fills and the rest of the 1 MB can only arrive if the CLI waits for it. An early
  // exit is seen as such, whatever the machine's load.
  child.stdout.pause();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const closed = new Promise((resolve) => child.stdout.once('close', resolve));
  const exitedEarly = await Promise.race([
    exited.then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 4000)),
  ]);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  child.stdout.resume();
  const code = await exited;
  await closed;
  const out = Buffer.concat(chunks).toString('utf8');
  assert.is(code, 0, stderr);
  assert.ok(
    out.length > 900_000,
    `only ${out.length} bytes arrived (exited early: ${exitedEarly})`,
  );
  const parsed = JSON.parse(out) as { errors: unknown[] };
  assert.is(parsed.errors.length, 5000);
});

test('a reader that closes early does not crash the CLI with EPIPE', async () => {
  const child = await errorsJson(2000);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.is(code, 0, stderr);
  assert.not.match(stderr, /EPIPE|unexpected error/);
});

test('a job prints its summary alone on stdout; its logs are JSON lines on stderr, each key once', async () => {
  const r = await e2e.cli(['sync-to-shopify'], { LOG_LEVEL: 'debug' });
  assert.is(r.code, 0, r.stderr.slice(-2000));
  const out = r.stdout.trim().split('\n');
  assert.is(out.length, 1, r.stdout);
  assert.is(r.summary?.['status'], 'succeeded');
  const lines = r.stderr.trim().split('\n');
  assert.ok(lines.length > 3, r.stderr);
  for (const line of lines) {
    const keys = topLevelKeys(line);
    assert.equal(keys, [...new Set(keys)], `a key twice in ${line}`);
    const parsed = JSON.parse(line) as { level?: string; shop?: string };
    assert.type(parsed.level, 'string');
  }
  // The job's own lines carry the shop (from the CLI and the job's child logger: once).
  assert.ok(
    lines.some((l) => (JSON.parse(l) as { shop?: string }).shop === e2e.env['SHOPIFY_SHOP']),
  );
});

test('LOG_LEVEL=trace adds one line per Shopify and API X exchange; info has none of them', async () => {
  e2e.shopify.orders.seed(2, (i) => ({
    lineItems: [{ title: `Item ${i}`, quantity: 1, unitPrice: '5.00' }],
  }));
  const info = await e2e.cli(['sync-orders'], { LOG_LEVEL: 'info' });
  e2e.shopify.orders.seed(2, (i) => ({
    lineItems: [{ title: `Item ${i}`, quantity: 1, unitPrice: '5.00' }],
  }));
  const trace = await e2e.cli(['sync-orders'], { LOG_LEVEL: 'trace' });
  assert.is(info.code, 0, info.stderr.slice(-2000));
  assert.is(trace.code, 0, trace.stderr.slice(-2000));
  const levels = (text: string) =>
    text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.not.ok(levels(info.stderr).some((l) => l['level'] === 'trace'));
  const traced = levels(trace.stderr).filter((l) => l['level'] === 'trace');
  const shopify = traced.filter((l) => l['system'] === 'shopify');
  assert.ok(shopify.length > 0, 'no Shopify exchange traced');
  for (const l of shopify) {
    assert.match(String(l['operation']), /^(query|mutation) \w+$/);
    assert.is(l['status'], 200);
    assert.type(l['ms'], 'number');
  }
  const apix = traced.filter((l) => l['msg'] === 'API X exchange');
  assert.ok(
    apix.some((l) => l['method'] === 'POST' && l['path'] === '/v1/orders' && l['status'] === 201),
    JSON.stringify(apix),
  );
  // Tokens travel in headers, which are never traced.
  assert.not.ok(trace.stderr.includes(e2e.env['SHOPIFY_ACCESS_TOKEN'] ?? 'x'));
  assert.not.ok(trace.stderr.includes(e2e.env['APIX_TOKEN'] ?? 'x'));
});

test('withUniqueKeys keeps the last value of a repeated key and leaves other lines alone', () => {
  const rows: [string, string][] = [
    ['{"a":1,"shop":"x","shop":"y"}\n', '{"a":1,"shop":"y"}\n'],
    ['{"a":1}\n', '{"a":1}\n'],
    ['12:00:01 INFO: pretty line\n', '12:00:01 INFO: pretty line\n'],
    ['{not json\n', '{not json\n'],
  ];
  for (const [line, expected] of rows) assert.is(withUniqueKeys(line), expected, line);
});

test.run();
