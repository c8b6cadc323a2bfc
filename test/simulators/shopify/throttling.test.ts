/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   these tests walk Shopify's JSON answers as untyped trees; the assertions are the type check. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startShopifySimulator } from '../../../simulators/shopify/index.js';
import { createManualClock, createTestClient } from './test-client.js';
import { useShopifySimulator } from '../../support/use-simulators.js';

// 248 products: `products(first: 248) { nodes { id } }` then costs exactly 2 + 248 = 250 points,
// requested and actual alike, so eight calls empty a 2000-point bucket.
const QUERY = '{ products(first: 248) { nodes { id } } }';
const COST = 250;

const clock = createManualClock();
const sim = useShopifySimulator(test, { bucketSize: 2000, restoreRate: 100, now: clock.now });
let gql: ReturnType<typeof createTestClient>;

test.before(async () => {
  sim.state.seedProducts(248, (i) => ({ title: `P${i}` }));
  gql = createTestClient(sim);
});

test('a burst is throttled exactly when the bucket runs dry and accepted after the documented refill', async () => {
  for (let i = 1; i <= 2000 / COST; i++) {
    const r = await gql(QUERY);
    assert.is(r.body.data.products.nodes.length, 248);
    assert.equal(r.body.extensions.cost, {
      requestedQueryCost: COST,
      actualQueryCost: COST,
      throttleStatus: {
        maximumAvailable: 2000,
        currentlyAvailable: 2000 - i * COST,
        restoreRate: 100,
      },
    });
  }
  const throttled = await gql(QUERY);
  assert.is(throttled.status, 200);
  assert.is(throttled.body.data, undefined);
  assert.is(throttled.body.errors[0].extensions.code, 'THROTTLED');
  assert.equal(throttled.body.extensions.cost, {
    requestedQueryCost: COST,
    actualQueryCost: null,
    throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
  });

  // 250 points need 2.5 s at 100/s: 2.49 s is not enough, 2.5 s is.
  clock.advance(2490);
  const early = await gql(QUERY);
  assert.is(early.body.errors[0].extensions.code, 'THROTTLED');
  assert.is(early.body.extensions.cost.throttleStatus.currentlyAvailable, 249);
  clock.advance(10);
  const refilled = await gql(QUERY);
  assert.is(refilled.body.data.products.nodes.length, 248);
  assert.is(refilled.body.extensions.cost.throttleStatus.currentlyAvailable, 0);
  assert.is(sim.counters().throttled, 2);
});

test('the bucket never refills above its size', async () => {
  clock.advance(3_600_000);
  const r = await gql('{ shop { name } }');
  assert.is(r.body.extensions.cost.throttleStatus.currentlyAvailable, 1999);
});

test('actual cost refunds what a connection did not return', async () => {
  clock.advance(60_000);
  const r = await gql('{ products(first: 250, query: "title:P1") { nodes { id } } }');
  assert.is(r.body.data.products.nodes.length, 1);
  assert.is(r.body.extensions.cost.requestedQueryCost, 252);
  assert.is(r.body.extensions.cost.actualQueryCost, 3);
  assert.is(r.body.extensions.cost.throttleStatus.currentlyAvailable, 2000 - 3);
});

test('a query above 1000 points gets MAX_COST_EXCEEDED and costs nothing', async () => {
  clock.advance(60_000);
  const r = await gql(
    '{ products(first: 250) { nodes { id variants(first: 10) { nodes { id } } } } }',
  );
  assert.is(r.body.data, undefined);
  assert.is(r.body.errors[0].extensions.code, 'MAX_COST_EXCEEDED');
  assert.is(r.body.errors[0].extensions.cost, 2 + 250 * (1 + 2 + 10));
  assert.is(r.body.extensions.cost.throttleStatus.currentlyAvailable, 2000);
});

test('THROTTLED can be answered with HTTP 429', async () => {
  const strict = await startShopifySimulator({
    bucketSize: 10,
    restoreRate: 1,
    throttleStatus: 429,
    now: clock.now,
  });
  try {
    const g = createTestClient(strict);
    const first = await g(
      'mutation { productDelete(input: {id: "gid://shopify/Product/1"}) { deletedProductId } }',
    );
    assert.is(first.body.extensions.cost.actualQueryCost, 10);
    const second = await g('{ shop { name } }');
    assert.is(second.status, 429);
    assert.is(second.body.errors[0].extensions.code, 'THROTTLED');
  } finally {
    await strict.close();
  }
});

// Benchmarks report THROTTLED "after settling" (issue 20): the simulator says when each THROTTLED
// answer was given and when the points spent first reached the bucket size.
test('counters time THROTTLED answers and the spending of the first full bucket', async () => {
  clock.advance(60_000);
  sim.resetCounters();
  assert.is(sim.counters().bucketSpentAt, null);
  for (let i = 1; i <= 2000 / COST; i++) await gql(QUERY);
  const spent = sim.counters().bucketSpentAt;
  assert.ok(spent !== null, 'a full bucket spent is timed');
  await gql(QUERY);
  await gql(QUERY);
  const c = sim.counters();
  assert.is(c.throttled, 2);
  assert.is(c.throttledAt.length, 2);
  assert.is(c.bucketSpentAt, spent, 'only the first full bucket is timed');
  for (const t of c.throttledAt) assert.ok(t >= (spent ?? Infinity));
  sim.resetCounters();
  assert.equal([sim.counters().throttledAt, sim.counters().bucketSpentAt], [[], null]);
});

test.run();
