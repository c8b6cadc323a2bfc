import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adminMutation } from '../support/admin-mutation.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// New products join their collections in the productSet that creates them, and productSet
// replaces a product's collections exactly (its description: "list fields include collections";
// the simulator applies it). So a rewrite of a product Shopify already holds must carry no
// collections list, or it takes the product out of a collection a merchant put it in by hand.
// Both write paths: the regular one also leaves out products whose variants are mapped; the bulk
// path relies on collectionsToJoin answering nothing for a product with a GID mapped.
const e2e = useE2eEnvironment(test, { apix: { products: 6, categories: 2 } });

const inShopify = (externalId: string) =>
  e2e.shopify.state
    .products()
    .find((p) => p.metafields['integration_service.external_id'] === externalId);

test('initial sync: products join their category collections as they are created', async () => {
  const first = await e2e.cli(['sync-to-shopify']);
  assert.is(first.code, 0, first.stderr + first.stdout.slice(-2000));
});

const paths = [
  { path: 'regular path', bulk: false, pick: 0 },
  { path: 'bulk path', bulk: true, pick: 1 },
];
for (const { path, bulk, pick } of paths)
  test(`${path}: a collection a merchant added a synced product to survives the product being rewritten`, async () => {
    const source = [...e2e.apix.catalog.products()].filter((p) => p.categoryIds.length > 0)[pick];
    assert.ok(source, 'a product with a category');
    if (!source) return;
    const synced = inShopify(source.id);
    assert.ok(synced);
    if (!synced) return;
    const ours = [...synced.collections];
    assert.ok(ours.length > 0, 'joined its category collections when created');

    // The merchant, in the admin: a collection of their own, and the product added to it
    // (collectionAddProducts is deprecated but still answered; the id is read back from the state).
    await adminMutation(
      e2e.shopify,
      `mutation { collectionCreate(collection: { title: "Staff picks ${pick}" }) { collection { id } userErrors { message } } }`,
      {},
    );
    const hand = e2e.shopify.state.collections().find((c) => c.title === `Staff picks ${pick}`);
    assert.ok(hand, 'the merchant collection exists');
    if (!hand) return;
    await adminMutation(
      e2e.shopify,
      `mutation($id: ID!, $p: [ID!]!) { collectionAddProducts(id: $id, productIds: $p) { userErrors { message } } }`,
      { id: hand.id, p: [synced.id] },
    );
    assert.equal([...(inShopify(source.id)?.collections ?? [])].sort(), [...ours, hand.id].sort());

    // Upstream change: the product is rewritten with productSet.
    e2e.apix.catalog.setProduct({ ...source, title: `${source.title} (renamed)` });
    e2e.shopify.resetCounters();
    const bulkBefore = e2e.shopify.state.bulkOperations().length;
    const second = await e2e.cli(['sync-to-shopify'], bulk ? { SYNC_BULK_THRESHOLD: '1' } : {});
    assert.is(second.code, 0, second.stderr + second.stdout.slice(-2000));
    if (bulk)
      assert.ok(e2e.shopify.state.bulkOperations().length > bulkBefore, 'a bulk productSet');
    else assert.ok((e2e.shopify.counters().rootFields['productSet'] ?? 0) > 0, 'a productSet');
    const after = inShopify(source.id);
    assert.is(after?.title, `${source.title} (renamed)`);
    assert.equal(
      [...(after?.collections ?? [])].sort(),
      [...ours, hand.id].sort(),
      'the hand-made membership and the category collections both kept',
    );
  });

test.run();
