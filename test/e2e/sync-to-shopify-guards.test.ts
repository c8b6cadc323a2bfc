import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adminMutation } from '../support/admin-mutation.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { mutationsSent } from '../support/mutations-sent.js';

// Small bucket and slow restore: pacing has to work for the runs to stay unthrottled.
const e2e = useE2eEnvironment(test, {
  apix: { products: 40, categories: 4 },
  shopify: { bucketSize: 400, restoreRate: 200 },
});

const CUSTOM_ID = 'integration_service.external_id';
const byExternal = (id: string) =>
  e2e.shopify.state.products().filter((p) => p.metafields[CUSTOM_ID] === id);

test('a malformed record is recorded with its id and field and skipped; the rest is synced; pacing keeps Shopify unthrottled', async () => {
  const products = [...e2e.apix.catalog.products()];
  const bad = products[3];
  assert.ok(bad);
  if (!bad) return;
  e2e.apix.catalog.corrupt('product', bad.id, { variants: [] });
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  // The product's own error, plus one per price API X lists for its variants (not applied).
  assert.equal(r.summary?.['recordErrors'], { product: 1, price: bad.variants.length });
  const counts = r.summary?.['counts'] as Record<string, Record<string, number>>;
  assert.is(counts['product']?.['created'], products.length - 1);
  const { rows } = await e2e.db.pool.query<{ entity: string; field: string; reason: string }>(
    `SELECT entity, field, reason FROM record_errors WHERE external_id = $1`,
    [bad.id],
  );
  assert.is(rows.length, 1);
  assert.is(rows[0]?.entity, 'product');
  assert.match(rows[0]?.field ?? '', /variants/);
  assert.is(byExternal(bad.id).length, 0);
  assert.is(e2e.shopify.state.products().length, products.length - 1);
  assert.ok(
    e2e.shopify.counters().throttled <= 1,
    `throttled ${e2e.shopify.counters().throttled} times`,
  );

  e2e.apix.catalog.clearCorruptions();
  const fixed = await e2e.cli(['sync-to-shopify']);
  assert.is(fixed.code, 0);
  assert.is(byExternal(bad.id).length, 1, 'created once fixed upstream');
});

test('a product deleted by hand in Shopify is re-created once and its mapping healed', async () => {
  const [victim] = [...e2e.apix.catalog.products()];
  assert.ok(victim);
  if (!victim) return;
  const before = byExternal(victim.id)[0];
  assert.ok(before);
  await adminMutation(
    e2e.shopify,
    'mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }',
    { id: before?.id },
  );
  assert.is(byExternal(victim.id).length, 0);
  e2e.shopify.resetCounters();
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr);
  const roots = e2e.shopify.counters().rootFields;
  assert.ok((roots['events'] ?? 0) > 0, 'found from the destroy events');
  assert.is(roots['bulkOperationRunQuery'] ?? 0, 0, 'no listing of the whole catalogue');
  const after = byExternal(victim.id);
  assert.is(after.length, 1);
  assert.is.not(after[0]?.id, before?.id);
  const { rows } = await e2e.db.pool.query<{ shopify_id: string }>(
    `SELECT shopify_id FROM mappings WHERE entity = 'product' AND external_id = $1`,
    [victim.id],
  );
  assert.is(rows[0]?.shopify_id, after[0]?.id);
  e2e.shopify.resetCounters();
  await e2e.cli(['sync-to-shopify']);
  assert.equal(mutationsSent(e2e.shopify), {}, 'healed: the next run is quiet');
});

test('with SYNC_FULL_DELETION_CHECK_HOURS=0 every run lists the catalogue, and still finds the deletion', async () => {
  const [victim] = [...e2e.apix.catalog.products()];
  const before = victim && byExternal(victim.id)[0];
  assert.ok(victim && before);
  if (!victim || !before) return;
  assert.ok(e2e.shopify.state.deleteProduct(before.id));
  e2e.shopify.resetCounters();
  const r = await e2e.cli(['sync-to-shopify'], { SYNC_FULL_DELETION_CHECK_HOURS: '0' });
  assert.is(r.code, 0, r.stderr);
  assert.is(e2e.shopify.counters().rootFields['bulkOperationRunQuery'], 1, 'one listing');
  assert.is(byExternal(victim.id).length, 1, 're-created once');
});

test('a collection deleted by hand is re-created once, with its products, and its mapping healed', async () => {
  const collectionOf = (categoryId: string) =>
    e2e.shopify.state.collections().filter((c) => c.metafields[CUSTOM_ID] === categoryId);
  const products = [...e2e.apix.catalog.products()];
  const categoryId = products.find((p) => p.categoryIds.length > 0)?.categoryIds[0];
  assert.ok(categoryId);
  if (!categoryId) return;
  const before = collectionOf(categoryId)[0];
  assert.ok(before && before.productIds.length > 0);
  if (!before) return;
  await adminMutation(
    e2e.shopify,
    'mutation($id: ID!) { collectionDelete(input: { id: $id }) { deletedCollectionId } }',
    { id: before.id },
  );
  assert.is(collectionOf(categoryId).length, 0);

  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr);
  const after = collectionOf(categoryId);
  assert.is(after.length, 1, 're-created once');
  assert.is.not(after[0]?.id, before.id);
  const expectedMembers = products
    .filter((p) => p.categoryIds.includes(categoryId))
    .map((p) => byExternal(p.id)[0]?.id)
    .sort();
  assert.equal([...(after[0]?.productIds ?? [])].sort(), expectedMembers, 'its products are back');
  const { rows } = await e2e.db.pool.query<{ shopify_id: string }>(
    `SELECT shopify_id FROM mappings WHERE entity = 'collection' AND external_id = $1`,
    [categoryId],
  );
  assert.is(rows[0]?.shopify_id, after[0]?.id);
  e2e.shopify.resetCounters();
  await e2e.cli(['sync-to-shopify']);
  assert.equal(mutationsSent(e2e.shopify), {}, 'healed: the next run is quiet');
});

test('--dry-run reports the plan and writes nothing to Shopify', async () => {
  const [p] = [...e2e.apix.catalog.products()];
  assert.ok(p);
  if (!p) return;
  e2e.apix.catalog.setProduct({ ...p, title: `${p.title} (renamed)` });
  e2e.shopify.resetCounters();
  const r = await e2e.cli(['sync-to-shopify', '--dry-run']);
  assert.is(r.code, 0, r.stderr);
  const plan = r.summary?.['plan'] as { products: { write: number } };
  assert.is(plan.products.write, 1);
  assert.equal(mutationsSent(e2e.shopify), {});
  assert.is.not(byExternal(p.id)[0]?.title, `${p.title} (renamed)`);
  const real = await e2e.cli(['sync-to-shopify']);
  assert.is(real.code, 0);
  assert.is(byExternal(p.id)[0]?.title, `${p.title} (renamed)`);
});

test('safety stop: a feed missing many products archives nothing unless forced', async () => {
  const products = [...e2e.apix.catalog.products()];
  const removed = products.slice(0, 10);
  for (const p of removed) e2e.apix.catalog.removeProduct(p.id);
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 1);
  assert.match(String(r.summary?.['error']), /safety stop.*--force-archive/);
  for (const p of removed)
    assert.is(byExternal(p.id)[0]?.status, p.active ? 'ACTIVE' : 'ARCHIVED', `${p.id} untouched`);
  const forced = await e2e.cli(['sync-to-shopify', '--force-archive']);
  assert.is(forced.code, 0, forced.stderr);
  for (const p of removed) assert.is(byExternal(p.id)[0]?.status, 'ARCHIVED');
  assert.is(e2e.shopify.state.products().length, products.length, 'archived, never deleted');
});

test.run();
