/**
 * What a run leaves behind for an operator, checked on the real CLI against the simulators with a
 * real Pushgateway: exit code, summary, run record and the pushed series the alerts read.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { METRICS } from '../../src/infra/metrics/metric-names.js';
import {
  freePort,
  startPushgateway,
  type PushgatewayProcess,
} from '../infra/metrics/pushgateway-process.js';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.js';
import { killRunHeldAtApix } from './killed-run.js';

let e2e: E2eEnvironment;
let gateway: PushgatewayProcess;
let env: Record<string, string>;
test.before(async () => {
  [e2e, gateway] = await Promise.all([
    startE2eEnvironment({ apix: { products: 2, categories: 1 } }),
    startPushgateway(),
  ]);
  env = { PUSHGATEWAY_URL: gateway.url, APIX_MAX_RETRIES: '0', ORDERS_MAX_ATTEMPTS: '5' };
});
test.after(async () => {
  await Promise.allSettled([e2e?.close(), gateway?.stop()]);
});

/** The pushed value of one series of the sync-orders group (undefined when not pushed). */
async function pushed(name: string, labels: Record<string, string> = {}) {
  const samples = await gateway.samples();
  return samples.find(
    (s) =>
      s.name === name &&
      s.labels['subcommand'] === 'sync-orders' &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;
}

const dueNow = () =>
  e2e.db.pool.query(
    `UPDATE orders SET next_attempt_at = now() WHERE push_state IN ('pending', 'failed')`,
  );

test('API X refusing connections: exit 1, failed, deliveries counted, last success kept, streak and freshness pushed', async () => {
  e2e.shopify.orders.seed(3);
  const ok = await e2e.cli(['sync-orders'], env);
  assert.is(ok.code, 0, ok.stderr);
  const lastSuccess = await pushed(METRICS.lastSuccessTimestamp);
  assert.ok(lastSuccess !== undefined);
  assert.is(await pushed(METRICS.failedRunsInARow), 0);
  assert.is(await pushed(METRICS.ordersOldestUndeliveredAge), 0);

  e2e.shopify.orders.seed(2);
  const refused = { ...env, APIX_BASE_URL: `http://127.0.0.1:${await freePort()}` };
  for (const streak of [1, 2]) {
    await dueNow();
    const r = await e2e.cli(['sync-orders'], refused);
    assert.is(r.code, 1, r.stderr);
    assert.is(r.summary?.['status'], 'failed');
    assert.match(String(r.summary?.['error']), /API X: unavailable for order deliveries: 2 of 2/);
    assert.match(String(r.summary?.['error']), /ECONNREFUSED/);
    assert.equal(r.summary?.['counts'], {
      order: {
        ...(streak === 1 ? { fetched: 5, created: 2, unchanged: 3 } : { fetched: 5, unchanged: 5 }),
        deferred: 2,
      },
    });
    assert.is(await pushed(METRICS.lastSuccessTimestamp), lastSuccess, 'last success unchanged');
    assert.is(await pushed(METRICS.lastRunStatus, { status: 'failed' }), 1);
    assert.is(await pushed(METRICS.failedRunsInARow), streak);
    assert.ok(((await pushed(METRICS.ordersOldestUndeliveredAge)) ?? 0) > 0, 'freshness pushed');
    assert.is(await pushed(METRICS.ordersBacklog, { state: 'failed' }), 2);
  }
  const { rows } = await e2e.db.pool.query<{ status: string; error: string }>(
    `SELECT status, error FROM sync_runs WHERE job = 'sync-orders' ORDER BY id DESC LIMIT 1`,
  );
  assert.is(rows[0]?.status, 'failed');

  await dueNow();
  const recovered = await e2e.cli(['sync-orders'], env);
  assert.is(recovered.code, 0, recovered.stderr);
  assert.is(await pushed(METRICS.failedRunsInARow), 0);
  assert.is(await pushed(METRICS.ordersOldestUndeliveredAge), 0);
  assert.is(await pushed(METRICS.ordersDelivered), 5);
});

test('a dry run is recorded as one and leaves every pushed series alone', async () => {
  const ours = async () =>
    (await gateway.samples()).filter((s) => s.labels['job'] === 'integration-service');
  const before = await ours();
  e2e.shopify.orders.seed(1);
  const r = await e2e.cli(['sync-orders', '--dry-run'], env);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.summary?.['dryRun'], true);
  assert.equal(await ours(), before, 'nothing pushed, push_time_seconds included');
  const status = await e2e.cli(['status', '--json'], env);
  const runs = (
    JSON.parse(status.stdout) as { runs: { job: string; dryRun: boolean; status: string }[] }
  ).runs;
  assert.equal(
    runs.filter((x) => x.job === 'sync-orders').map((x) => x.dryRun),
    [true, false, false, false, false],
  );
  const text = await e2e.cli(['status', '--runs', '1'], env);
  assert.match(text.stdout, /succeeded \(dry run\)/);
});

test('a run killed with SIGKILL: the next run records it as died and pushes the finding', async () => {
  e2e.shopify.orders.seed(2);
  // Hold the run at API X (lock taken, run record 'running'), then kill it there.
  assert.is((await killRunHeldAtApix(e2e, env)).signal, 'SIGKILL');
  const next = await e2e.cli(['sync-orders'], env);
  assert.is(next.code, 0, next.stderr);
  assert.match(next.stderr, /found 1 earlier sync-orders run\(s\) still marked running/);
  const { rows } = await e2e.db.pool.query<{ status: string; error: string }>(
    `SELECT status, error FROM sync_runs WHERE job = 'sync-orders' AND NOT dry_run ORDER BY id DESC LIMIT 2`,
  );
  assert.equal(
    rows.map((x) => x.status),
    ['succeeded', 'died'],
  );
  assert.match(rows[1]?.error ?? '', /killed/);
  assert.is(await pushed(METRICS.diedRunsFound), 1);
  const after = await e2e.cli(['sync-orders'], env);
  assert.is(after.code, 0);
  assert.is(await pushed(METRICS.diedRunsFound), 0);
});

test('Postgres down at start: exit 1 and a failed run reaches the Pushgateway anyway', async () => {
  const down = {
    ...env,
    DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`,
  };
  const r = await e2e.cli(['sync-orders'], down);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /postgres: cannot connect/);
  assert.is(await pushed(METRICS.lastRunStatus, { status: 'failed' }), 1);
  assert.is(await pushed(METRICS.lastRunStatus, { status: 'succeeded' }), 0);
});

test.run();
