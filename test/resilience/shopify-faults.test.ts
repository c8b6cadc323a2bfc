/**
 * sync-to-shopify against a misbehaving Shopify: THROTTLED storms, 429 with Retry-After, bursts
 * of 5xx, dropped connections, slow answers, failed and partial bulk operations. Faults the
 * client's retries can absorb must not fail the run; heavier ones may fail it, cleanly and with
 * a reason, and the next run converges. After every scenario the shop equals what a clean run
 * produces (support/catalog-invariants.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linesWithEach } from '../support/text-assertions.js';
import { catalogProblems, describeProblems } from './support/catalog-invariants.js';
import { failureRecordProblems, lastRun } from './support/failure-invariants.js';
import { useResilienceEnvironment } from './support/resilience-environment.js';

let changeSeed = 100;

// Membership jobs are applied at once (collectionJobPolls 0): each queued job otherwise costs
// two of the adapter's 2-second polls, 16 s of a first sync here. Waiting for a job is proven by
// test/adapters/shopify/shopify-catalog.simulator.test.ts, and killed inside by the kill-point files;
// the faults here hit whichever requests come next, so they need no job in flight.
const env = useResilienceEnvironment(test, {
  apix: { products: 20, categories: 4 },
  shopify: { collectionJobPolls: 0 },
});

/** Some upstream work for the next run: new, changed and repriced products. */
const changeUpstream = () =>
  env.e2e.apix.catalog.applyDailyChanges({
    seed: ++changeSeed,
    newProducts: 1,
    changedProducts: 3,
    priceChanges: 4,
  });

async function assertConverged(label: string) {
  const problems = catalogProblems(env.e2e);
  assert.equal(problems, [], `${label}: ${describeProblems(problems)}`);
  assert.equal(await failureRecordProblems(env.e2e.db.pool), [], label);
}

async function runAbsorbing(label: string, extraEnv: Record<string, string> = {}) {
  const r = await env.run(['sync-to-shopify'], { env: extraEnv });
  assert.is(r.code, 0, `${label}: ${r.stdout.slice(-2000)}${r.stderr.slice(-1000)}`);
  assert.is(r.summary?.['status'], 'succeeded', label);
  await assertConverged(label);
}

/** A run the fault may fail; it must fail cleanly (exit 1, reason recorded), and a clean rerun converges. */
async function runThenConverge(label: string, extraEnv: Record<string, string> = {}) {
  const r = await env.run(['sync-to-shopify'], { env: extraEnv });
  assert.ok(r.code === 0 || r.code === 1, `${label}: exit ${r.code}`);
  if (r.code === 1) {
    const run = await lastRun(env.e2e.db.pool, 'sync-to-shopify');
    assert.is(run?.status, 'failed', label);
    assert.ok(run?.error, `${label}: failed run records its reason`);
  }
  env.e2e.shopify.faults.clear();
  const again = await env.run(['sync-to-shopify'], { env: extraEnv });
  assert.is(again.code, 0, `${label} rerun: ${again.stdout.slice(-2000)}`);
  await assertConverged(label);
  return r;
}

test('a THROTTLED storm during the initial sync is absorbed', async () => {
  // Faults queue up and hit the next requests in order: up to the client's 5 retries in a row
  // are absorbed by one request.
  env.e2e.shopify.faults.throttleNext(5);
  await runAbsorbing('throttled storm');
  assert.ok(env.e2e.shopify.counters().throttled >= 5);
});

test('429 with Retry-After is honoured and absorbed', async () => {
  changeUpstream();
  env.e2e.shopify.faults.failNext(3, 429, { retryAfterSeconds: 1 });
  await runAbsorbing('429 Retry-After');
});

test('a burst of 5xx and dropped connections is absorbed', async () => {
  changeUpstream();
  env.e2e.shopify.faults.failNext(1, 503);
  env.e2e.shopify.faults.dropNext(2);
  env.e2e.shopify.faults.failNext(1, 502);
  await runAbsorbing('5xx and drops');
});

test('slow answers (below the client timeout) only slow the run down', async () => {
  changeUpstream();
  env.e2e.shopify.faults.latency(300, 8);
  await runAbsorbing('latency');
});

test('answers slower than SHOPIFY_TIMEOUT_MS time out and are asked again', async () => {
  changeUpstream();
  // The simulator still executes a request it answers late: work done, answer lost.
  env.e2e.shopify.faults.latency(1500, 3);
  const r = await env.run(['sync-to-shopify'], { env: { SHOPIFY_TIMEOUT_MS: '500' } });
  assert.is(r.code, 0, r.stdout.slice(-2000) + r.stderr.slice(-1000));
  const retried = linesWithEach(r.stderr, [
    'shopify request will be retried',
    'timeout after 500 ms',
  ]);
  assert.is(retried.length, 3, 'three timed-out attempts, each asked again');
  await assertConverged('timeouts');
});

test('a 5xx storm longer than the retries fails the run cleanly; the next run converges', async () => {
  changeUpstream();
  // Queued failures go to whichever request comes next, and the hand-deletion check asks
  // Shopify alongside the category sync: six (the client's attempts) could be shared between
  // two requests that both end up succeeding. Sixty outlast any request's six attempts.
  env.e2e.shopify.faults.failNext(60, 500);
  const r = await runThenConverge('5xx storm');
  assert.is(r.code, 1, 'more consecutive 5xx than retries fail the run');
});

test('a failed bulk operation with partial results: partial lines kept, the rest converges next run', async () => {
  const bulk = { SYNC_BULK_THRESHOLD: '1' };
  changeUpstream();
  env.e2e.shopify.faults.failNextBulk({ afterRows: 2, partial: true });
  const r = await runThenConverge('bulk partial', bulk);
  assert.is(r.code, 1, 'a failed bulk operation fails the run');
});

test('a failed bulk operation without results converges next run', async () => {
  const bulk = { SYNC_BULK_THRESHOLD: '1' };
  changeUpstream();
  env.e2e.shopify.faults.failNextBulk({ afterRows: 1 });
  await runThenConverge('bulk failed', bulk);
  assert.ok(
    env.e2e.shopify.state.bulkOperations().some((o) => o.status === 'FAILED'),
    'the fault hit a bulk operation',
  );
});

test('a failed listing export (the complete hand-deletion check) fails the run with a reason; the next converges', async () => {
  const everyRun = { SYNC_FULL_DELETION_CHECK_HOURS: '0' };
  changeUpstream();
  env.e2e.shopify.faults.failNextBulk({ afterRows: 1 });
  const r = await runThenConverge('listing export failed', everyRun);
  assert.is(r.code, 1);
  assert.match(r.stderr, /bulk export \S+ ended FAILED/);
});

test('no secret in any output of this file', () => {
  assert.ok(env.output.size() > 0);
  assert.equal(env.leaks(), []);
});

test.run();
