import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UpstreamError } from '../../../src/domain/errors.js';
import { createCostPacer } from '../../../src/adapters/shopify/cost-pacer.js';
import {
  startSimulatedShop,
  useSimulatedShop,
  type SimulatedShop,
} from './support/simulated-shop.js';

const SHOP = 'query Shop { shop { name currencyCode } }';
const shop = useSimulatedShop(test);
test.before.each(() => {
  shop.sim.faults.clear();
  shop.sim.resetCounters();
});

const transient: [string, () => void][] = [
  ['two 503s', () => shop.sim.faults.failNext(2, 503)],
  [
    '500 then 502 then 504',
    () => (
      shop.sim.faults.failNext(1, 500),
      shop.sim.faults.failNext(1, 502),
      shop.sim.faults.failNext(1, 504)
    ),
  ],
  ['a dropped connection', () => shop.sim.faults.dropNext(1)],
  ['a THROTTLED answer', () => shop.sim.faults.throttleNext(1)],
  ['a 429 without Retry-After', () => shop.sim.faults.failNext(1, 429)],
];
for (const [name, inject] of transient) {
  test(`recovers from ${name} by retrying`, async () => {
    inject();
    const client = shop.client();
    const data = await client.request<{ shop: { currencyCode: string } }>(SHOP);
    assert.is(data.shop.currencyCode, 'EUR');
    assert.is(shop.sim.counters().requests, client.usage().requests);
    assert.ok(client.usage().requests >= 2);
  });
}

test('429 Retry-After (seconds) is honoured', async () => {
  shop.sim.faults.failNext(1, 429, { retryAfterSeconds: 1 });
  const client = shop.client({ retryMaxMs: 5000 });
  const started = Date.now();
  await client.request(SHOP);
  assert.ok(Date.now() - started >= 950, 'waited about a second, not a millisecond');
  assert.is(shop.sim.counters().requests, 2);
});

test('attempts are bounded: 1 + maxRetries requests, then a retryable UpstreamError', async () => {
  shop.sim.faults.failNext(10, 503);
  const client = shop.client({ maxRetries: 3 });
  const error = await client.request(SHOP).catch((e: unknown) => e);
  assert.instance(error, UpstreamError);
  assert.is((error as UpstreamError).retryable, true);
  assert.is(shop.sim.counters().requests, 4);
});

const fatal: [number, RegExp][] = [
  [402, /frozen/],
  [403, /write_products/],
  [404, /SHOPIFY_SHOP/],
  [423, /locked/],
];
for (const [status, pattern] of fatal) {
  test(`HTTP ${status} is not retried and says what to do`, async () => {
    shop.sim.faults.failNext(1, status);
    const error = await shop
      .client()
      .request(SHOP)
      .catch((e: unknown) => e);
    assert.instance(error, UpstreamError);
    const e = error as UpstreamError;
    assert.is(e.retryable, false);
    assert.match(`${e.message} ${e.hint ?? ''}`, pattern);
    assert.is(shop.sim.counters().requests, 1);
  });
}

test('a wrong token is a 401 with a hint, and the token appears nowhere', async () => {
  const secret = 'shpat_wrong_but_secret_0123456789';
  const error = await shop
    .client({ accessToken: secret })
    .request(SHOP)
    .catch((e: unknown) => e);
  assert.instance(error, UpstreamError);
  const e = error as UpstreamError;
  assert.is(e.status, 401);
  assert.match(e.hint ?? '', /SHOPIFY_ACCESS_TOKEN/);
  for (const text of [e.message, e.hint ?? '', e.stack ?? '', ...shop.lines])
    assert.not.match(text, secret);
  assert.is(shop.sim.counters().requests, 1);
});

test('a schema validation error is not retried and quotes Shopify', async () => {
  const error = await shop
    .client()
    .request('query { shop { nameX } }')
    .catch((e: unknown) => e);
  assert.instance(error, UpstreamError);
  assert.is((error as UpstreamError).retryable, false);
  assert.match((error as UpstreamError).message, /nameX/);
});

// A query Shopify prices at 2 + 28 = 30 points, and charges in full once the shop has 28 products.
const PRODUCTS = 'query Page { products(first: 28) { nodes { id } } }';

async function smallShop(): Promise<SimulatedShop> {
  const small = await startSimulatedShop({ bucketSize: 300, restoreRate: 500 });
  small.sim.state.seedProducts(30, (i) => ({ title: `P${i}` }));
  return small;
}

test('pacing: 30 concurrent requests over a small bucket are never throttled', async () => {
  const small = await smallShop();
  try {
    const client = small.client();
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => client.request(PRODUCTS)));
    const ms = Date.now() - started;
    const c = small.sim.counters();
    assert.ok(c.costSpent >= 850, `spent ${c.costSpent}`);
    console.log(
      `  paced: 30 x 30 points through a 300-point bucket at 500/s in ${ms} ms, ${c.requests} requests, ${c.throttled} throttled`,
    );
    assert.is(c.throttled, 0);
    assert.is(c.requests, 30);
    assert.is(client.usage().throttled, 0);
  } finally {
    await small.sim.close();
  }
});

/**
 * A transport that holds the first `size` requests until all have been sent, then lets them
 * through together and answers none before all are answered: the burst reaches Shopify whole,
 * however fast the machine, and nothing sent after it (a retry) can land among it. A client that
 * waited for points before sending would never fill the gate.
 */
function burstGate(size: number, onBurstAnswered: () => void): typeof fetch {
  const held: { input: Parameters<typeof fetch>; resolve: (r: Promise<Response>) => void }[] = [];
  let sent = 0;
  return (...input) => {
    if (sent >= size) return fetch(...input);
    sent += 1;
    return new Promise<Response>((resolve) => {
      held.push({ input, resolve });
      if (held.length < size) return;
      const answers = held.map((h) => fetch(...h.input));
      void Promise.allSettled(answers).then(() => {
        onBurstAnswered();
        held.forEach((h, i) => h.resolve(answers[i]!));
      });
    });
  };
}

test('without pacing the same burst is throttled (and still completes by retrying)', async () => {
  // The simulator's bucket clock: stopped while the burst arrives (no points restored, however
  // long 30 requests take to reach it), then a second on at every reading (a full bucket for
  // each retry). No wall-clock speed decides what is throttled.
  let t = Date.parse('2026-11-30T12:00:00Z');
  let stopped = true;
  const small = await startSimulatedShop({
    bucketSize: 300,
    restoreRate: 500,
    now: () => (stopped ? t : (t += 1000)),
  });
  small.sim.state.seedProducts(30, (i) => ({ title: `P${i}` }));
  try {
    const unpaced = createCostPacer({
      initial: { maximumAvailable: 1e9, currentlyAvailable: 1e9, restoreRate: 1e9 },
    });
    const client = small.client({
      pacer: unpaced,
      maxRetries: 10,
      fetch: burstGate(30, () => (stopped = false)),
    });
    const pages = await Promise.all(
      Array.from({ length: 30 }, () =>
        client.request<{ products: { nodes: unknown[] } }>(PRODUCTS),
      ),
    );
    const c = small.sim.counters();
    // 300 points hold 10 of the 30-point requests; the other 20 are THROTTLED, then retried once.
    assert.is(c.throttled, 20);
    assert.is(c.requests, 50);
    assert.is(client.usage().throttled, 20);
    assert.ok(pages.every((p) => p.products.nodes.length === 28));
  } finally {
    await small.sim.close();
  }
});

const warnings = (lines: readonly string[]): Record<string, unknown>[] =>
  lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['level'] === 'warn');

test('a deprecated field in a document is logged from X-Shopify-API-Deprecated-Reason, once', async () => {
  const before = shop.lines.length;
  const client = shop.client();
  const DEPRECATED = 'query Old { deletionEvents(first: 1) { nodes { subjectId } } }';
  await client.request(DEPRECATED);
  await client.request(DEPRECATED);
  await client.request(SHOP);
  const notices = warnings(shop.lines.slice(before)).filter((l) => l['deprecatedReason']);
  assert.is(notices.length, 1, JSON.stringify(notices));
  assert.is(notices[0]?.['operation'], 'Old');
  assert.match(String(notices[0]?.['deprecatedReason']), /deletionEvents is deprecated/);
});

test('a served API version other than the requested one is a warning naming both', async () => {
  const before = shop.lines.length;
  // 2024-01 is retired: Shopify (and the simulator) silently answer with the oldest supported.
  const client = shop.client({ apiVersion: '2024-01' });
  await client.request(SHOP);
  await client.request(SHOP);
  const notices = warnings(shop.lines.slice(before)).filter((l) => l['servedVersion']);
  assert.equal(
    notices.map((n) => [n['requestedVersion'], n['servedVersion']]),
    [['2024-01', '2025-10']],
  );
  const current = shop.lines.length;
  await shop.client().request(SHOP);
  assert.equal(warnings(shop.lines.slice(current)), [], 'the current version: no warning');
});

test.run();
