import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { advisoryLockKey } from '../../src/adapters/lock/advisory-lock.js';
import { lockName } from '../../src/domain/lock-name.js';
import { startTcpProxy } from '../resilience/support/tcp-proxy.js';
import { E2E_SHOP, useE2eEnvironment } from '../support/e2e-environment.js';
import { mutationsSent } from '../support/mutations-sent.js';

const e2e = useE2eEnvironment(test);

test('initial sync creates every collection, product, variant and price field by field', async () => {
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-3000));
  assert.is(r.summary?.['status'], 'succeeded');
  const products = e2e.shopify.state.products();
  const expected = [...e2e.apix.catalog.products()];
  assert.is(products.length, expected.length);
  const byExternal = new Map(
    products.map((p) => [p.metafields['integration_service.external_id'], p]),
  );
  for (const source of expected) {
    const p = byExternal.get(source.id);
    assert.ok(p, `product ${source.id} in Shopify`);
    if (!p) continue;
    assert.is(p.title, source.title);
    assert.is(p.vendor, source.vendor);
    assert.is(p.status, source.active ? 'ACTIVE' : 'ARCHIVED');
    assert.is(p.variants.length, source.variants.length);
    for (const v of source.variants) {
      const sv = p.variants.find((x) => x.sku === v.sku);
      assert.ok(sv, `variant ${v.id}`);
      const price = e2e.apix.catalog.price(v.id);
      assert.is(Number(sv?.price), Number(price.amount), `price of ${v.id}`);
    }
  }
  const collections = e2e.shopify.state.collections();
  assert.is(collections.length, [...e2e.apix.catalog.categories()].length);
  // Every product sits in exactly the collections of its categories.
  const collectionOf = new Map(
    collections.map((c) => [c.metafields['integration_service.external_id'], c.id]),
  );
  for (const source of expected) {
    const p = byExternal.get(source.id);
    const want = source.categoryIds.map((c) => collectionOf.get(c)).sort();
    assert.equal([...(p?.collections ?? [])].sort(), want, `collections of ${source.id}`);
  }
  // New products joined them in their own productSet: no membership update was needed.
  assert.is(e2e.shopify.counters().rootFields['collectionUpdate'] ?? 0, 0);
});

test('a product moved to another category leaves the old collection and joins the new one', async () => {
  const source = [...e2e.apix.catalog.products()].find((p) => p.categoryIds.length === 1);
  const other = [...e2e.apix.catalog.categories()].find((c) => !source?.categoryIds.includes(c.id));
  assert.ok(source && other);
  if (!source || !other) return;
  e2e.apix.catalog.setProduct({ ...source, categoryIds: [other.id] });
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr);
  const target = e2e.shopify.state
    .collections()
    .find((c) => c.metafields['integration_service.external_id'] === other.id);
  const product = e2e.shopify.state
    .products()
    .find((p) => p.metafields['integration_service.external_id'] === source.id);
  assert.equal(product?.collections, [target?.id]);
});

test('a second run right after sends no mutation', async () => {
  e2e.shopify.resetCounters();
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(mutationsSent(e2e.shopify), {});
});

test('upstream removal archives, return restores, price change updates only that price', async () => {
  const [first, second] = [...e2e.apix.catalog.products()];
  assert.ok(first && second);
  if (!first || !second) return;
  e2e.apix.catalog.removeProduct(first.id);
  const v = second.variants[0];
  assert.ok(v);
  if (!v) return;
  e2e.apix.catalog.setPrice(v.id, { amount: '123.45' });
  e2e.shopify.resetCounters();
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr);
  const find = (id: string) =>
    e2e.shopify.state
      .products()
      .find((p) => p.metafields['integration_service.external_id'] === id);
  assert.is(find(first.id)?.status, 'ARCHIVED');
  assert.is(find(second.id)?.variants.find((x) => x.sku === v.sku)?.price, '123.45');
  assert.is(e2e.shopify.counters().rootFields['productVariantsBulkUpdate'], 1);

  e2e.apix.catalog.setProduct(first);
  const back = await e2e.cli(['sync-to-shopify']);
  assert.is(back.code, 0, back.stderr);
  assert.is(find(first.id)?.status, first.active ? 'ACTIVE' : 'ARCHIVED');
  assert.is(
    e2e.shopify.state.products().length,
    [...e2e.apix.catalog.products()].length,
    'no duplicate',
  );
});

test('many changes go through bulk operations: products and prices', async () => {
  const [a, b] = [...e2e.apix.catalog.products()].slice(2, 4);
  assert.ok(a && b);
  if (!a || !b) return;
  e2e.apix.catalog.setProduct({ ...a, title: `${a.title} (bulk)` });
  const variant = b.variants[0];
  assert.ok(variant);
  if (!variant) return;
  e2e.apix.catalog.setPrice(variant.id, { amount: '77.70' });
  e2e.shopify.resetCounters();
  const r = await e2e.cli(['sync-to-shopify'], { SYNC_BULK_THRESHOLD: '1' });
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.is(
    e2e.shopify.counters().rootFields['bulkOperationRunMutation'],
    2,
    'one bulk import, one bulk price update',
  );
  assert.is(e2e.shopify.counters().rootFields['productSet'] ?? 0, 0);
  const find = (id: string) =>
    e2e.shopify.state
      .products()
      .find((p) => p.metafields['integration_service.external_id'] === id);
  assert.is(find(a.id)?.title, `${a.title} (bulk)`);
  assert.is(find(b.id)?.variants.find((v) => v.sku === variant.sku)?.price, '77.70');
  e2e.shopify.resetCounters();
  const quiet = await e2e.cli(['sync-to-shopify'], { SYNC_BULK_THRESHOLD: '1' });
  assert.is(quiet.code, 0);
  assert.equal(mutationsSent(e2e.shopify), {}, 'bulk results were recorded: nothing to send again');
});

test('prices are read from the start, before the database answers, and the run takes that read over', async () => {
  // Postgres behind a gate that holds every connection: the run cannot get past its first query.
  const db = new URL(e2e.db.url);
  const gate = await startTcpProxy({ host: db.hostname, port: Number(db.port) });
  e2e.apix.resetCounters();
  try {
    gate.hold();
    const viaGate = new URL(e2e.db.url);
    viaGate.port = String(gate.port);
    const running = e2e.cli(['sync-to-shopify'], { DATABASE_URL: viaGate.toString() });
    // Waits for the event itself: in the old order (prices read once the run was recorded) it
    // never comes, however long the gate holds.
    const deadline = Date.now() + 30_000;
    while (e2e.apix.requests('GET /v1/prices') < 1 || gate.connections() < 1) {
      if (Date.now() > deadline) assert.unreachable('no price request while Postgres was held');
      await sleep(10);
    }
    gate.release();
    const r = await running;
    assert.is(r.code, 0, r.stderr.slice(-2000));
    assert.is(r.summary?.['status'], 'succeeded');
  } finally {
    gate.release();
    await gate.close();
  }
  // Under 1,000 prices: one page, read once (the run used the early read, it did not read again).
  assert.is(e2e.apix.requests('GET /v1/prices'), 1);

  // Another holder has the lock: the run is skipped and its early read stopped; the process ends.
  const holder = await e2e.db.pool.connect();
  try {
    const key = advisoryLockKey(lockName('sync-to-shopify', E2E_SHOP)).toString();
    await holder.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    const skipped = await e2e.cli(['sync-to-shopify']);
    assert.is(skipped.code, 0, skipped.stderr.slice(-2000));
    assert.is(skipped.summary?.['status'], 'skipped');
    await holder.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
  } finally {
    holder.release();
  }
});

test.run();
