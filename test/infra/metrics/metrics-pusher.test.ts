import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Logger } from '../../../src/domain/ports/logger.js';
import { METRICS, PUSHGATEWAY_JOB } from '../../../src/infra/metrics/metric-names.js';
import {
  createMetricsPusher,
  type MetricsPusher,
  type RunReport,
} from '../../../src/infra/metrics/metrics-pusher.js';
import {
  freePort,
  startPushgateway,
  type PushgatewayProcess,
  type Sample,
} from './pushgateway-process.js';

let gateway: PushgatewayProcess;
const warnings: unknown[] = [];
const logger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (o: unknown) => warnings.push(o),
  error: () => {},
  child: () => logger,
};

const SHOP = 'demo.myshopify.com';
const t = (iso: string) => new Date(iso);

function report(overrides: Partial<RunReport> = {}): RunReport {
  return {
    job: 'sync-to-shopify',
    shop: SHOP,
    status: 'succeeded',
    startedAt: t('2026-11-25T07:00:00.000Z'),
    finishedAt: t('2026-11-25T07:02:30.500Z'),
    counts: { product: { created: 3, unchanged: 97, failed: 2 }, price: { updated: 40 } },
    recordErrors: { product: 2 },
    shopify: { costPoints: 1234, throttled: 5 },
    apixRequests: { ok: 50, server_error: 1 },
    ...overrides,
  };
}

function pick(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
  subcommand = 'sync-to-shopify',
): number | undefined {
  const wanted = { job: PUSHGATEWAY_JOB, subcommand, shop: SHOP, ...labels };
  return samples.find(
    (s) => s.name === name && Object.entries(wanted).every(([k, v]) => s.labels[k] === v),
  )?.value;
}

/**
 * Every pusher logs to `logger`, whose warnings one test reads; the tests vary only the gateway,
 * the timeout and the version.
 */
function pusherFor(url: string | null, timeoutMs = 5000, version = '1.2.3'): MetricsPusher {
  return createMetricsPusher({ url, timeoutMs, logger, version });
}

test.before(async () => {
  gateway = await startPushgateway();
});
test.after(async () => {
  await gateway.stop();
});

test('a successful run pushes every metric with the right values under job/subcommand/shop', async () => {
  const pusher = pusherFor(gateway.url);
  assert.equal(await pusher.push(report()), { pushed: true });
  const s = await gateway.samples();
  const finished = Date.parse('2026-11-25T07:02:30.500Z') / 1000;
  assert.is(pick(s, METRICS.lastSuccessTimestamp), finished);
  assert.is(pick(s, METRICS.lastRunTimestamp), finished);
  assert.is(pick(s, METRICS.lastRunDuration), 150.5);
  assert.is(pick(s, METRICS.lastRunStatus, { status: 'succeeded' }), 1);
  for (const other of ['failed', 'interrupted', 'skipped'])
    assert.is(pick(s, METRICS.lastRunStatus, { status: other }), 0);
  assert.is(pick(s, METRICS.runItems, { entity: 'product', result: 'created' }), 3);
  assert.is(pick(s, METRICS.runItems, { entity: 'product', result: 'unchanged' }), 97);
  assert.is(pick(s, METRICS.runItems, { entity: 'price', result: 'updated' }), 40);
  assert.is(pick(s, METRICS.runRecordErrors, { entity: 'product' }), 2);
  assert.is(pick(s, METRICS.runRecordErrors, { entity: 'price' }), 0);
  assert.is(pick(s, METRICS.runShopifyCostPoints), 1234);
  assert.is(pick(s, METRICS.runShopifyThrottled), 5);
  assert.is(pick(s, METRICS.runApixRequests, { outcome: 'ok' }), 50);
  assert.is(pick(s, METRICS.runApixRequests, { outcome: 'server_error' }), 1);
  assert.is(pick(s, METRICS.buildInfo, { version: '1.2.3' }), 1);
  // Grouping labels are exactly job, subcommand, shop (plus the gateway's own instance="").
  const ours = s.filter((x) => x.name.startsWith('integration_service_'));
  assert.ok(ours.length > 10);
  for (const x of ours) {
    const keys = Object.keys(x.labels).filter(
      (k) => !['entity', 'result', 'status', 'outcome', 'state', 'version'].includes(k),
    );
    assert.equal(keys.sort(), ['instance', 'job', 'shop', 'subcommand'], JSON.stringify(x));
    assert.is(x.labels['instance'], '');
  }
  assert.ok(pick(s, 'push_time_seconds') !== undefined, 'the gateway stamps the group');
});

test('the last-success timestamp survives a later failed run; status and items follow the failure', async () => {
  const pusher = pusherFor(gateway.url);
  await pusher.push(report());
  const failed = report({
    status: 'failed',
    startedAt: t('2026-11-25T08:00:00.000Z'),
    finishedAt: t('2026-11-25T08:00:10.000Z'),
    counts: { product: { created: 1 } },
    recordErrors: {},
  });
  assert.equal(await pusher.push(failed), { pushed: true });
  const s = await gateway.samples();
  assert.is(pick(s, METRICS.lastSuccessTimestamp), Date.parse('2026-11-25T07:02:30.500Z') / 1000);
  assert.is(pick(s, METRICS.lastRunTimestamp), Date.parse('2026-11-25T08:00:10.000Z') / 1000);
  assert.is(pick(s, METRICS.lastRunStatus, { status: 'failed' }), 1);
  assert.is(pick(s, METRICS.lastRunStatus, { status: 'succeeded' }), 0);
  assert.is(pick(s, METRICS.runItems, { entity: 'product', result: 'created' }), 1);
  assert.is(
    pick(s, METRICS.runItems, { entity: 'price', result: 'updated' }),
    undefined,
    'stale series replaced',
  );
});

test('a skipped run pushes only the lock-skip timestamp and build info', async () => {
  const pusher = pusherFor(gateway.url);
  const base = report({
    job: 'sync-orders',
    ordersBacklog: { pending: 4, failed: 1, dead: 0, pushed: 900 },
    ordersOldestUndeliveredAgeSeconds: 42,
    shipmentsHeld: { waiting: 2, refused: 1, oldestAgeSeconds: 7200 },
    failedRunsInARow: 0,
  });
  await pusher.push(base);
  const skipAt = t('2026-11-25T09:00:00.000Z');
  assert.equal(
    await pusher.push(
      report({
        job: 'sync-orders',
        status: 'skipped',
        startedAt: skipAt,
        finishedAt: skipAt,
        counts: {},
        recordErrors: {},
      }),
    ),
    { pushed: true },
  );
  const s = await gateway.samples();
  assert.is(pick(s, METRICS.lastLockSkipTimestamp, {}, 'sync-orders'), skipAt.getTime() / 1000);
  assert.is(
    pick(s, METRICS.lastRunStatus, { status: 'succeeded' }, 'sync-orders'),
    1,
    'the real run status stays',
  );
  assert.is(pick(s, METRICS.ordersBacklog, { state: 'pending' }, 'sync-orders'), 4);
  // The backlog is what waits or gave up; delivered orders are their own, ever-growing figure.
  assert.is(pick(s, METRICS.ordersBacklog, { state: 'pushed' }, 'sync-orders'), undefined);
  assert.is(pick(s, METRICS.ordersBacklog, { state: 'dead' }, 'sync-orders'), 0);
  assert.is(pick(s, METRICS.ordersDelivered, {}, 'sync-orders'), 900);
  assert.is(pick(s, METRICS.ordersOldestUndeliveredAge, {}, 'sync-orders'), 42);
  assert.is(pick(s, METRICS.shipmentsHeld, { cause: 'waiting' }, 'sync-orders'), 2);
  assert.is(pick(s, METRICS.shipmentsHeld, { cause: 'refused' }, 'sync-orders'), 1);
  assert.is(pick(s, METRICS.shipmentsOldestHeldAge, {}, 'sync-orders'), 7200);
  assert.is(pick(s, METRICS.failedRunsInARow, {}, 'sync-orders'), 0);
  // Each subcommand is its own group.
  assert.ok(pick(s, METRICS.lastSuccessTimestamp, {}, 'sync-to-shopify') !== undefined);
});

test('sync-inventory pushes the stock rechecks left; the other jobs do not', async () => {
  const pusher = pusherFor(gateway.url);
  await pusher.push(
    report({ job: 'sync-inventory', stockRechecks: { waiting: 3, oldestAgeSeconds: 5400 } }),
  );
  await pusher.push(report({ job: 'sync-to-shopify' }));
  const s = await gateway.samples();
  assert.is(pick(s, METRICS.stockRechecksWaiting, {}, 'sync-inventory'), 3);
  assert.is(pick(s, METRICS.stockRechecksOldestAge, {}, 'sync-inventory'), 5400);
  assert.is(pick(s, METRICS.stockRechecksWaiting, {}, 'sync-to-shopify'), undefined);
});

test('url null is a no-op', async () => {
  const pusher = pusherFor(null, 100, 'x');
  assert.equal(await pusher.push(report()), { pushed: false });
});

test('a dead gateway (closed port) does not throw; the failure is a value and a warning', async () => {
  warnings.length = 0;
  const port = await freePort();
  const pusher = pusherFor(`http://user:hunter2pw@127.0.0.1:${port}`, 2000, 'x');
  const result = await pusher.push(report());
  assert.is(result.pushed, false);
  assert.match(result.error ?? '', /ECONNREFUSED/);
  assert.is(warnings.length, 1);
  assert.not.ok(JSON.stringify(warnings).includes('hunter2pw'));
});

test('a hanging gateway (accepts, never answers) returns within the timeout', async () => {
  const sockets = new Set<net.Socket>();
  const hang = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
  try {
    const port = (hang.address() as net.AddressInfo).port;
    const pusher = pusherFor(`http://127.0.0.1:${port}`, 300, 'x');
    const guard = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000).unref());
    const result = await Promise.race([pusher.push(report()), guard]);
    assert.ok(result !== 'hung', 'push did not return');
    assert.is(result.pushed, false);
    assert.match(result.error ?? '', /timed out|within 300 ms/);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => hang.close(() => resolve()));
  }
});

test('a gateway answering an error status is a failed push, not a throw', async () => {
  const pusher = pusherFor(`${gateway.url}/nonexistent-prefix`, 2000, 'x');
  const result = await pusher.push(report());
  assert.is(result.pushed, false);
  assert.match(result.error ?? '', /status 404|404/);
});

test.run();
