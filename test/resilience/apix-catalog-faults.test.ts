/**
 * sync-to-shopify against a misbehaving API X: malformed, oversized, duplicated and non-ASCII
 * records (bad ones recorded with a reason and skipped, the rest synced), and 5xx, 429, resets,
 * garbage and an outage while reading the catalogue (absorbed by retries, or a clean failure and
 * convergence on the next run).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linesWithEach } from '../support/text-assertions.js';
import { catalogProblems, describeProblems } from './support/catalog-invariants.js';
import { failureRecordProblems, lastRun, recordErrorsOf } from './support/failure-invariants.js';
import { useResilienceEnvironment } from './support/resilience-environment.js';

const skipped = new Set<string>();

// Membership jobs are applied at once (collectionJobPolls 0): each queued job otherwise costs
// two of the adapter's 2-second polls, 16 s of a first sync here. Waiting for a job is proven by
// test/adapters/shopify/shopify-catalog.simulator.test.ts, and killed inside by the kill-point files;
// the faults here hit whichever requests come next, so they need no job in flight.
const env = useResilienceEnvironment(test, {
  apix: { products: 20, categories: 4 },
  shopify: { collectionJobPolls: 0 },
});

const products = () => [...env.e2e.apix.catalog.products()];

async function assertConverged(label: string) {
  const problems = catalogProblems(env.e2e, { skippedProducts: skipped });
  assert.equal(problems, [], `${label}: ${describeProblems(problems)}`);
  assert.equal(await failureRecordProblems(env.e2e.db.pool), [], label);
}

test('malformed, oversized and duplicated records are recorded and skipped; the rest, non-ASCII included, is synced', async () => {
  const [a, b, c, d, e] = products();
  assert.ok(a && b && c && d && e);
  if (!a || !b || !c || !d || !e) return;
  // Non-ASCII everywhere a merchant can see it must arrive unchanged.
  env.e2e.apix.catalog.setProduct({
    ...a,
    title: 'Größe 🧦 靴下 — Ærø «naïve»',
    description: 'Línea 1\n\nZeile 2 <b>&</b> 😀',
    vendor: 'Łódź Textiles',
  });
  env.e2e.apix.catalog.corrupt('product', b.id, { title: '' });
  env.e2e.apix.catalog.corrupt('product', c.id, { description: 'x'.repeat(600 * 1024) });
  env.e2e.apix.catalog.corrupt('product', d.id, (r) => ({ ...r, variants: 'not a list' }));
  // The same product id twice in one feed (API X served a stale and a fresh copy).
  env.e2e.apix.catalog.corrupt('product', e.id, () => ({
    ...structuredClone(a),
    title: 'a stale duplicate',
  }));
  for (const bad of [b, c, d]) skipped.add(bad.id);
  skipped.add(e.id);
  skipped.add(a.id);

  const r = await env.run(['sync-to-shopify']);
  assert.is(r.code, 0, r.stdout.slice(-3000) + r.stderr.slice(-1000));
  for (const bad of [b, c, d]) {
    const errors = await recordErrorsOf(env.e2e.db.pool, 'product', bad.id);
    assert.ok(errors.length > 0 && errors[0]?.reason, `${bad.id} recorded with a reason`);
  }
  const dupErrors = await recordErrorsOf(env.e2e.db.pool, 'product', a.id);
  assert.ok(
    dupErrors.some((x) => /twice|duplicate/i.test(x.reason)),
    `the duplicated id is recorded: ${JSON.stringify(dupErrors)}`,
  );
  await assertConverged('bad records');
});

test('once API X serves them clean again, the skipped records are synced', async () => {
  env.e2e.apix.catalog.clearCorruptions();
  skipped.clear();
  const r = await env.run(['sync-to-shopify']);
  assert.is(r.code, 0, r.stdout.slice(-3000));
  await assertConverged('after the fix upstream');
  const a = products()[0];
  assert.is(
    env.e2e.shopify.state
      .products()
      .find((p) => p.metafields['integration_service.external_id'] === a?.id)?.title,
    'Größe 🧦 靴下 — Ærø «naïve»',
  );
});

test('5xx, 429, resets and a non-JSON answer while reading the catalogue are absorbed by retries', async () => {
  env.e2e.apix.catalog.applyDailyChanges({ seed: 7, changedProducts: 3, priceChanges: 3 });
  env.e2e.apix.faults.failNext(1, { status: 503 });
  env.e2e.apix.faults.failNext(1, { status: 429, retryAfter: 1 });
  env.e2e.apix.faults.resetNext(1);
  env.e2e.apix.faults.failNext(1, { status: 500, endpoint: 'GET /v1/prices' });
  env.e2e.apix.faults.garbageNext(1, 'GET /v1/products');
  const r = await env.run(['sync-to-shopify'], { env: { APIX_MAX_RETRIES: '3' } });
  assert.is(r.code, 0, r.stdout.slice(-3000));
  await assertConverged('absorbed API X faults');
});

test('an API X outage fails the run cleanly with a reason and archives nothing; the next run converges', async () => {
  env.e2e.apix.catalog.applyDailyChanges({ seed: 8, changedProducts: 2, priceChanges: 2 });
  const before = env.e2e.shopify.state.products().filter((p) => p.status === 'ARCHIVED').length;
  env.e2e.apix.faults.outage({ status: 503 });
  const r = await env.run(['sync-to-shopify'], { env: { APIX_MAX_RETRIES: '1' } });
  assert.is(r.code, 1);
  const run = await lastRun(env.e2e.db.pool, 'sync-to-shopify');
  assert.is(run?.status, 'failed');
  assert.match(run?.error ?? '', /503|unavailable/i);
  assert.is(
    env.e2e.shopify.state.products().filter((p) => p.status === 'ARCHIVED').length,
    before,
    'an outage archives nothing',
  );
  env.e2e.apix.faults.clear();
  const again = await env.run(['sync-to-shopify']);
  assert.is(again.code, 0, again.stdout.slice(-3000));
  await assertConverged('after the outage');
});

// Timing is injected per request (the first two product reads are late), not by a timer racing
// the run: the outcome must not depend on how fast the machine is.
test('an API X answer slower than APIX_TIMEOUT_MS times out and is asked again', async () => {
  env.e2e.apix.catalog.applyDailyChanges({ seed: 9, changedProducts: 2 });
  env.e2e.apix.faults.slowNext(2, 1500, 'GET /v1/products');
  const r = await env.run(['sync-to-shopify'], {
    env: { APIX_TIMEOUT_MS: '500', APIX_MAX_RETRIES: '2' },
  });
  assert.is(r.code, 0, r.stdout.slice(-3000) + r.stderr.slice(-1000));
  const retries = linesWithEach(r.stderr, ['API X request failed, retrying', '/v1/products']);
  assert.is(retries.length, 2, 'two timed-out attempts, each asked again');
  assert.ok(
    retries.every((line) => /ETIMEDOUT|ECONNABORTED/.test(line)),
    retries.join('\n'),
  );
  await assertConverged('slow answers');
});

test('answers that stay slower than the timeout fail the run with the reason; the next run converges', async () => {
  env.e2e.apix.catalog.applyDailyChanges({ seed: 10, changedProducts: 2, priceChanges: 2 });
  env.e2e.apix.faults.slowNext(3, 1500, 'GET /v1/prices');
  const r = await env.run(['sync-to-shopify'], {
    env: { APIX_TIMEOUT_MS: '500', APIX_MAX_RETRIES: '2' },
  });
  assert.is(r.code, 1, r.stdout.slice(-3000));
  const run = await lastRun(env.e2e.db.pool, 'sync-to-shopify');
  assert.is(run?.status, 'failed');
  assert.match(run?.error ?? '', /GET \/v1\/prices timed out after 500 ms/);
  const again = await env.run(['sync-to-shopify']);
  assert.is(again.code, 0, again.stdout.slice(-3000) + again.stderr.slice(-1000));
  await assertConverged('after the slow answers');
});

test('no secret in any output of this file', () => {
  assert.ok(env.output.size() > 0);
  assert.equal(env.leaks(), []);
});

test.run();
