/**
 * Postgres cut away mid-run (a TCP proxy between the CLI and the server): the run fails cleanly
 * (exit 1, no hang) and the next run converges. Two concurrent runs of one job: one skipped
 * (exit 0), naming the holder. (Lease takeover mid-run is covered in test/adapters/lock.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { catalogProblems, describeProblems } from './support/catalog-invariants.js';
import { failureRecordProblems } from './support/failure-invariants.js';
import { orderProblems, waitingOrders } from './support/order-invariants.js';
import { usePerFile } from '../support/per-file.js';
import { useResilienceEnvironment } from './support/resilience-environment.js';
import { startTcpProxy, viaProxy } from './support/tcp-proxy.js';

const env = useResilienceEnvironment(test, { apix: { products: 12, categories: 2 } });
// In front of the environment's database: registered after it, so started after it.
const proxy = usePerFile(
  test,
  () => {
    const target = new URL(env.e2e.db.url);
    return startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  },
  (started) => started.close(),
);
let proxied: Record<string, string>;
test.before(() => {
  proxied = { DATABASE_URL: viaProxy(env.e2e.db.url, proxy) };
});

/** Cuts Postgres once the run reached Shopify `afterRequests` times, i.e. mid-run. */
async function runWithPostgresCut(job: string, afterRequests: number) {
  const base = env.e2e.shopify.counters().requests;
  let cut = false;
  const watcher = setInterval(() => {
    if (!cut && env.e2e.shopify.counters().requests - base >= afterRequests) {
      cut = true;
      proxy.cut();
    }
  }, 2);
  try {
    return { result: await env.run([job], { env: proxied, timeoutMs: 60_000 }), cut };
  } finally {
    clearInterval(watcher);
    proxy.restore();
  }
}

test('sync-to-shopify: Postgres unreachable mid-run fails the run (exit 1, no hang); the next run converges', async () => {
  const { result, cut } = await runWithPostgresCut('sync-to-shopify', 6);
  assert.ok(cut, 'the cut happened during the run');
  assert.is(result.code, 1, result.stdout.slice(-2000) + result.stderr.slice(-1000));
  const again = await env.run(['sync-to-shopify'], { env: proxied });
  assert.is(again.code, 0, again.stdout.slice(-3000));
  const problems = catalogProblems(env.e2e);
  assert.equal(problems, [], describeProblems(problems));
  assert.equal(await failureRecordProblems(env.e2e.db.pool), []);
});

test('sync-orders: Postgres unreachable mid-run fails the run; the next run delivers every order once', async () => {
  env.e2e.shopify.orders.seed(12);
  const { result, cut } = await runWithPostgresCut('sync-orders', 1);
  assert.ok(cut);
  assert.is(result.code, 1, result.stdout.slice(-2000));
  await env.makeOrdersDue();
  const again = await env.run(['sync-orders'], { env: proxied });
  assert.is(again.code, 0, again.stdout.slice(-3000));
  assert.is(await waitingOrders(env.e2e), 0);
  assert.equal(await orderProblems(env.e2e), []);
  assert.equal(await failureRecordProblems(env.e2e.db.pool), []);
});

test('two concurrent runs of one job: one runs, the other is skipped (exit 0) and names the holder', async () => {
  env.e2e.apix.catalog.applyDailyChanges({ seed: 3, changedProducts: 4 });
  // The first run reaches API X only after taking the lock; a gate in front of API X holds it
  // there until the second run has tried and ended, whatever the machine's load.
  const gate = await startTcpProxy({
    host: '127.0.0.1',
    port: Number(new URL(env.e2e.apix.url).port),
  });
  try {
    gate.hold();
    const first = env.run(['sync-to-shopify'], {
      env: {
        POD_NAME: 'first-runner',
        APIX_BASE_URL: `http://127.0.0.1:${gate.port}`,
        APIX_TIMEOUT_MS: '600000',
      },
    });
    while (gate.connections() < 1) await new Promise((r) => setTimeout(r, 10));
    const second = await env.run(['sync-to-shopify'], { env: { POD_NAME: 'second-runner' } });
    gate.release();
    const done = await first;
    assert.is(done.code, 0, done.stdout.slice(-2000));
    assert.is(done.summary?.['status'], 'succeeded');
    assert.is(second.code, 0, second.stdout.slice(-2000));
    assert.is(second.summary?.['status'], 'skipped');
    assert.match(second.stdout + second.stderr, /first-runner/);
  } finally {
    gate.release();
    await gate.close();
  }
  const { rows } = await env.e2e.db.pool.query<{ status: string; detail: unknown }>(
    `SELECT status, detail FROM sync_runs WHERE status = 'skipped' ORDER BY id DESC LIMIT 1`,
  );
  assert.match(JSON.stringify(rows[0]?.detail), /first-runner/);
});

test('no secret in any output of this file', () => {
  assert.equal(env.leaks(), []);
});

test.run();
