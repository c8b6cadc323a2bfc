import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';
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

test.run();
