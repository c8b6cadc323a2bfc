import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createAdvisoryLock } from '../../src/adapters/lock/advisory-lock.js';
import { lockName } from '../../src/domain/lock-name.js';
import { E2E_SHOP, useE2eEnvironment } from '../support/e2e-environment.js';
import { OPERATOR_CLI_ENV } from '../support/operator-cli-env.js';
import { silent } from '../support/silent-logger.js';
import { assertIncludesEach } from '../support/text-assertions.js';

const e2e = useE2eEnvironment(test, { apix: { products: 3, categories: 2 } });

const env = OPERATOR_CLI_ENV;
const json = (stdout: string) =>
  JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as Record<string, unknown>;

test('status after real runs: runs per job, order backlog with a dead order, its per-record error; --json keys', async () => {
  assert.is((await e2e.cli(['sync-to-shopify'], env)).code, 0);
  const ids = e2e.shopify.orders.seed(3);
  const dead = ids[0] ?? '';
  e2e.apix.orders.rejectOrder(dead, [
    { field: 'shippingAddress.zip', message: 'unknown postcode' },
  ]);
  const orders = await e2e.cli(['sync-orders'], env);
  assert.is(orders.code, 0, orders.stderr);

  const r = await e2e.cli(['status', '--json'], env);
  assert.is(r.code, 0, r.stderr);
  const s = json(r.stdout);
  assert.equal(Object.keys(s), [
    'generatedAt',
    'shop',
    'runs',
    'locks',
    'orders',
    'orderReach',
    'recentErrors',
  ]);
  // The simulator's app has read_all_orders (the run asked, as nothing was known yet).
  assert.ok((s['orderReach'] as { checkedAt: string | null }[])[0]?.checkedAt);
  assert.equal(s['orderReach'], [
    {
      shop: E2E_SHOP,
      readAllOrders: true,
      checkedAt: (s['orderReach'] as { checkedAt: string }[])[0]?.checkedAt,
      openPastHorizon: 0,
    },
  ]);
  const runs = s['runs'] as {
    job: string;
    status: string;
    trigger: string;
    durationSeconds: number | null;
    recordErrors: number;
  }[];
  assert.equal(
    runs.map((x) => `${x.job} ${x.status}`),
    ['sync-orders succeeded', 'sync-to-shopify succeeded'],
  );
  assert.ok(runs.every((x) => x.trigger === 'manual' && x.durationSeconds !== null));
  assert.is(runs[0]?.recordErrors, 1);
  assert.equal(s['orders'], [
    {
      shop: E2E_SHOP,
      pending: 0,
      failed: 0,
      dead: 1,
      pushed: 2,
      skipped: 0,
      deleted: 0,
      dueNow: 0,
      oldestWaitingSince: null,
    },
  ]);
  const errors = s['recentErrors'] as { entity: string; externalId: string; reason: string }[];
  // Newest first: the order's rejection is the latest per-record error.
  assert.is(errors[0]?.entity, 'order');
  assert.is(errors[0]?.externalId, dead);
  assert.match(errors[0]?.reason ?? '', /unknown postcode/);
  assert.equal(s['locks'], { backend: 'postgres', holders: [], note: null });

  const human = await e2e.cli(['status'], env);
  assert.is(human.code, 0);
  assertIncludesEach(human.stdout, [
    'Runs (newest first',
    'sync-to-shopify',
    'Lock holders (postgres)',
    'none: no job is running',
    'Order backlog',
    'dead orders need a person',
    'API X rejected the order',
  ]);
  const other = await e2e.cli(['status', '--json', '--shop', 'other-shop.myshopify.com'], env);
  assert.equal((json(other.stdout)['runs'] as unknown[]).length, 0);
});

test('status names the holder of a running job lock from pg_locks', async () => {
  const lock = createAdvisoryLock({
    connectionString: e2e.db.url,
    identity: 'ops-test-pod-7',
    logger: silent,
  });
  const attempt = await lock.tryAcquire(lockName('sync-orders', E2E_SHOP));
  assert.ok(attempt.acquired);
  try {
    const s = json((await e2e.cli(['status', '--json'], env)).stdout);
    const holders = (
      s['locks'] as {
        holders: { lock: string; job: string; shop: string; holder: string; since: string }[];
      }
    ).holders;
    assert.is(holders.length, 1);
    assert.is(holders[0]?.holder, 'ops-test-pod-7');
    assert.is(holders[0]?.lock, lockName('sync-orders', E2E_SHOP));
    assert.is(holders[0]?.job, 'sync-orders');
    assert.ok(holders[0]?.since);
    const human = await e2e.cli(['status'], env);
    assert.match(human.stdout, /integration-service-sync-orders-e2e-shop\s+ops-test-pod-7/);
  } finally {
    if (attempt.acquired) await attempt.held.release();
  }
});

test('orders show: the order, its state and push history; unknown ids are named, exit 1', async () => {
  const { rows } = await e2e.db.pool.query<{ shopify_id: string; name: string }>(
    `SELECT shopify_id, name FROM orders WHERE push_state = 'dead'`,
  );
  const order = rows[0];
  assert.ok(order);
  if (!order) return;
  for (const ref of [order.name, order.shopify_id.split('/').pop() ?? '']) {
    const r = await e2e.cli(['orders', 'show', ref, '--json'], env);
    assert.is(r.code, 0, r.stderr);
    const shown = json(r.stdout) as {
      order: { shopifyId: string; pushState: string; attempts: number };
      attempts: { outcome: string; detail: string }[];
    };
    assert.is(shown.order.shopifyId, order.shopify_id, ref);
    assert.is(shown.order.pushState, 'dead');
    assert.is(shown.attempts.length, 1);
    assert.is(shown.attempts[0]?.outcome, 'rejected');
    assert.match(shown.attempts[0]?.detail ?? '', /unknown postcode/);
  }
  const human = await e2e.cli(['orders', 'show', order.name], env);
  assert.match(human.stdout, /push state\s+dead/);
  assert.match(human.stdout, /Push history/);
  const missing = await e2e.cli(['orders', 'show', '#999999'], env);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /no order '#999999'/);
});

test('orders retry: unknown id and a pushed order refuse with nothing changed; --dry-run changes nothing; retry makes it pending and the next run pushes it', async () => {
  const state = async () =>
    (
      await e2e.db.pool.query<{ shopify_id: string; push_state: string; attempts: number }>(
        `SELECT shopify_id, push_state, attempts FROM orders ORDER BY shopify_id`,
      )
    ).rows;
  const before = await state();
  const dead = before.find((o) => o.push_state === 'dead');
  const pushed = before.find((o) => o.push_state === 'pushed');
  assert.ok(dead && pushed);
  if (!dead || !pushed) return;

  const unknown = await e2e.cli(
    ['orders', 'retry', dead.shopify_id, 'gid://shopify/Order/424242'],
    env,
  );
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, /no order 'gid:\/\/shopify\/Order\/424242'/);
  const notDead = await e2e.cli(['orders', 'retry', pushed.shopify_id], env);
  assert.is(notDead.code, 1);
  assert.match(notDead.stderr, /is pushed; only dead, failed, pending orders can be retried/);
  const both = await e2e.cli(['orders', 'retry', dead.shopify_id, '--all-dead'], env);
  assert.is(both.code, 2);
  const dry = await e2e.cli(['orders', 'retry', '--all-dead', '--dry-run'], env);
  assert.is(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /dry run: would make 1 order/);
  assert.equal(await state(), before);

  e2e.apix.orders.clearRejections();
  const retry = await e2e.cli(['orders', 'retry', '--all-dead'], {
    ...env,
    LOG_LEVEL: 'info',
    USER: 'alice',
  });
  assert.is(retry.code, 0, retry.stderr);
  assert.match(retry.stdout, /retried 1 order/);
  assert.match(retry.stdout + retry.stderr, /"by":"alice on /);
  const after = (await state()).find((o) => o.shopify_id === dead.shopify_id);
  assert.equal(after, { shopify_id: dead.shopify_id, push_state: 'pending', attempts: 0 });

  const run = await e2e.cli(['sync-orders'], env);
  assert.is(run.code, 0, run.stderr);
  assert.is(e2e.apix.orders.byExternalId(dead.shopify_id)?.versions.length, 1);
  const shown = json(
    (await e2e.cli(['orders', 'show', dead.shopify_id, '--json'], env)).stdout,
  ) as {
    order: { pushState: string };
    attempts: { outcome: string; kind: string; detail: string | null }[];
  };
  assert.is(shown.order.pushState, 'pushed');
  assert.equal(
    shown.attempts.map((a) => `${a.kind}:${a.outcome}`),
    ['create:rejected', 'manual-retry:requeued', 'create:accepted'],
  );
  assert.match(shown.attempts[1]?.detail ?? '', /requeued by alice on .* \(was dead\)/);
  const none = await e2e.cli(['orders', 'retry', '--all-dead'], env);
  assert.match(none.stdout, /no dead orders/);
});

test('errors: the latest run by default, a chosen run, unknown runs named', async () => {
  const { rows } = await e2e.db.pool.query<{ run_id: string }>(
    `SELECT run_id FROM record_errors WHERE entity = 'order'`,
  );
  const runId = String(rows[0]?.run_id);
  const chosen = await e2e.cli(['errors', '--run', runId, '--json'], env);
  assert.is(chosen.code, 0, chosen.stderr);
  const body = json(chosen.stdout) as {
    run: { id: string; job: string };
    errors: { entity: string; reason: string }[];
  };
  assert.is(body.run.id, runId);
  assert.is(body.errors.length, 1);
  assert.is(body.errors[0]?.entity, 'order');
  const human = await e2e.cli(['errors', '--run', runId], env);
  assert.match(
    human.stdout,
    new RegExp(`run ${runId}: sync-orders for ${E2E_SHOP.replace(/\./g, '\\.')}, succeeded`),
  );
  assert.match(human.stdout, /unknown postcode/);
  // The latest run (the sync-orders run after the retry) had no per-record error.
  const latest = await e2e.cli(['errors'], env);
  assert.is(latest.code, 0, latest.stderr);
  assert.match(
    latest.stdout,
    /: sync-orders for .*, succeeded, .*; 0 per-record error\(s\)\n {2}none/,
    latest.stdout,
  );
  const latestId = /^run (\d+):/.exec(latest.stdout)?.[1];
  assert.ok(Number(latestId) > Number(runId), `${latestId} is after ${runId}`);
  const missing = await e2e.cli(['errors', '--run', '987654'], env);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /no run 987654/);
  assert.is((await e2e.cli(['errors', '--limit', '0'], env)).code, 2);
});

test.run();
