import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// Shopify creates products and collections unpublished (productCreate and collectionCreate
// descriptions); the simulator does too, so "created" alone never reaches the Online Store.
const e2e = useE2eEnvironment(test, { apix: { products: 8, categories: 3 } });

const CUSTOM_ID = 'integration_service.external_id';
const productOf = (id: string) =>
  e2e.shopify.state.products().find((p) => p.metafields[CUSTOM_ID] === id);
const publishCalls = () => e2e.shopify.counters().rootFields['publishablePublish'] ?? 0;

test('SHOPIFY_PUBLISH_TO=none: products and collections are created, and stay unpublished', async () => {
  const r = await e2e.cli(['sync-to-shopify'], { SHOPIFY_PUBLISH_TO: 'none' });
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  const products = e2e.shopify.state.products();
  assert.is(products.length, 8);
  assert.ok(products.every((p) => !p.published));
  assert.ok(e2e.shopify.state.collections().length > 0);
  assert.ok(e2e.shopify.state.collections().every((c) => !c.published));
  assert.is(publishCalls(), 0);
});

test('a publication name the shop does not have stops the run before any write, naming it', async () => {
  e2e.shopify.resetCounters();
  const r = await e2e.cli(['sync-to-shopify'], { SHOPIFY_PUBLISH_TO: 'Online Store,Nowhere' });
  assert.is.not(r.code, 0);
  assert.match(r.stdout + r.stderr, /no publication named "Nowhere"/);
  assert.match(r.stdout + r.stderr, /"Online Store"/, 'lists what the shop has');
  const roots = e2e.shopify.counters().rootFields;
  for (const m of ['productSet', 'collectionCreate', 'collectionUpdate', 'publishablePublish'])
    assert.is(roots[m], undefined, m);
});

test('a re-activated product is published to the Online Store; products that stayed active are left as they are', async () => {
  const [first] = [...e2e.apix.catalog.products()];
  assert.ok(first);
  if (!first) return;
  e2e.apix.catalog.setProduct({ ...first, active: false });
  const off = await e2e.cli(['sync-to-shopify']);
  assert.is(off.code, 0, off.stderr + off.stdout.slice(-2000));
  assert.is.not(productOf(first.id)?.status, 'ACTIVE');
  assert.is(publishCalls(), 0, 'nothing became active');

  e2e.apix.catalog.setProduct({ ...first, active: true, updatedAt: new Date().toISOString() });
  e2e.shopify.resetCounters();
  const on = await e2e.cli(['sync-to-shopify']);
  assert.is(on.code, 0, on.stderr + on.stdout.slice(-2000));
  assert.is(productOf(first.id)?.status, 'ACTIVE');
  assert.equal(productOf(first.id)?.publications, ['Online Store']);
  assert.is(publishCalls(), 1);
  const others = e2e.shopify.state.products().filter((p) => p.id !== productOf(first.id)?.id);
  assert.ok(
    others.every((p) => !p.published),
    'merchant-managed: created while opted out, not published behind their back',
  );
});

test('new products and new collections are published to the Online Store by default, their HTML descriptions kept as HTML', async () => {
  const [template] = [...e2e.apix.catalog.products()];
  assert.ok(template);
  if (!template) return;
  const now = new Date().toISOString();
  e2e.apix.catalog.setCategory({
    id: 'CAT-NEW',
    parentId: null,
    name: 'Fresh arrivals',
    description: '<p>New <b>this</b> week</p><script>steal()</script>',
    updatedAt: now,
  });
  const variants = template.variants.map((v, i) => ({
    ...v,
    id: `NEW-V${i}`,
    sku: `NEW-SKU-${i}`,
  }));
  e2e.apix.catalog.setProduct({
    ...template,
    id: 'NEW-P',
    title: 'Brand new',
    description: '<p>Soft &amp; <em>warm</em></p><img src="a.png" onerror="steal()">',
    categoryIds: ['CAT-NEW'],
    active: true,
    variants,
    updatedAt: now,
  });
  for (const v of variants) e2e.apix.catalog.setPrice(v.id, { amount: '12.50' });
  e2e.shopify.resetCounters();
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(productOf('NEW-P')?.publications, ['Online Store']);
  const collection = e2e.shopify.state
    .collections()
    .find((c) => c.metafields[CUSTOM_ID] === 'CAT-NEW');
  assert.equal(collection?.publications, ['Online Store']);
  // API X sends HTML (docs/api-x.openapi.yaml): stored as HTML, never escaped a second time,
  // without what must not run on a storefront.
  assert.is(
    productOf('NEW-P')?.descriptionHtml,
    '<p>Soft &amp; <em>warm</em></p><img src="a.png">',
  );
  assert.is(collection?.descriptionHtml, '<p>New <b>this</b> week</p>');
  assert.is(publishCalls(), 2, 'one product, one collection');

  e2e.shopify.resetCounters();
  const again = await e2e.cli(['sync-to-shopify']);
  assert.is(again.code, 0);
  assert.is(publishCalls(), 0, 'a second run publishes nothing again');
});

test('on the bulk path new products are published by one bulk publishablePublish, none by a regular mutation', async () => {
  const [template] = [...e2e.apix.catalog.products()];
  assert.ok(template);
  if (!template) return;
  const now = new Date().toISOString();
  const ids = ['BULK-P1', 'BULK-P2', 'BULK-P3'];
  for (const id of ids) {
    const variants = template.variants.map((v, i) => ({
      ...v,
      id: `${id}-V${i}`,
      sku: `${id}-SKU-${i}`,
    }));
    e2e.apix.catalog.setProduct({
      ...template,
      id,
      title: id,
      active: true,
      variants,
      updatedAt: now,
    });
    for (const v of variants) e2e.apix.catalog.setPrice(v.id, { amount: '5.00' });
  }
  e2e.shopify.resetCounters();
  const r = await e2e.cli(['sync-to-shopify'], { SYNC_BULK_THRESHOLD: '1' });
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  for (const id of ids) assert.equal(productOf(id)?.publications, ['Online Store'], id);
  const roots = e2e.shopify.counters().rootFields;
  assert.is(roots['productSet'] ?? 0, 0, 'written in bulk');
  assert.is(publishCalls(), 0, 'published in bulk, not one mutation each');

  e2e.shopify.resetCounters();
  const again = await e2e.cli(['sync-to-shopify'], { SYNC_BULK_THRESHOLD: '1' });
  assert.is(again.code, 0);
  assert.is(
    e2e.shopify.counters().rootFields['bulkOperationRunMutation'] ?? 0,
    0,
    'nothing left to publish',
  );
});

test.run();
