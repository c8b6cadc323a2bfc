/**
 * The publish step over in-memory ports: products recorded as written and unpublished go live
 * by one regular mutation each below the bulk threshold, in one bulk publishablePublish from it
 * on; a product Shopify refuses is named and stays waiting for the next run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPublishProducts } from '../../../src/app/usecases/publish-products.js';
import { completedBulkOperations, noBulkOperations } from '../../support/fakes/bulk-operations.js';
import { createFakePublications } from '../../support/fakes/publications.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { createFakeUnpublishedProducts } from '../../support/fakes/unpublished-products.js';

const ONLINE = 'gid://shopify/Publication/1';
const product = (n: number) => ({
  externalId: `P${n}`,
  productId: `gid://shopify/Product/${n}`,
});
const refusal = { field: 'id', message: 'Resource does not exist', code: null };

function setup(count: number, bulk: boolean) {
  const state = createFakeUnpublishedProducts(
    Array.from({ length: count }, (_, i) => product(i + 1)),
  );
  const shop = createFakePublications(undefined, { 'gid://shopify/Product/2': [refusal] });
  const step = createPublishProducts({
    shopify: shop.publications,
    state: state.store,
    bulk: bulk ? completedBulkOperations() : noBulkOperations(),
  });
  return { state, shop, step };
}

// [name, products waiting, bulk threshold, bulk files expected]
const cases: [string, number, number, number][] = [
  ['below the threshold: one mutation each', 3, 10, 0],
  ['from the threshold on: one bulk file', 3, 3, 1],
];
for (const [name, count, bulkThreshold, files] of cases) {
  test(`${name}; the refused product is named and keeps waiting`, async () => {
    const s = setup(count, files > 0);
    const { ctx, errors } = fakeStepContext();
    await s.step.run(ctx, { publicationIds: [ONLINE], concurrency: 2, bulkThreshold });
    assert.is(s.shop.bulkFiles.length, files);
    if (files > 0)
      assert.equal(s.shop.bulkFiles[0], {
        productIds: [1, 2, 3].map((n) => product(n).productId),
        publicationIds: [ONLINE],
      });
    assert.equal(s.shop.published.map((p) => p.resourceId).sort(), [
      product(1).productId,
      product(3).productId,
    ]);
    assert.equal(s.state.waiting(), ['P2'], 'the refused one waits for the next run');
    assert.equal(
      errors.map((e) => [e.entity, e.externalId, e.field]),
      [['product', 'P2', 'publications']],
    );
    assert.match(
      errors[0]?.reason ?? '',
      /could not be published \(retried next run\): Resource does not exist/,
    );
  });
}

test('no publications configured: nothing is published and nothing forgotten', async () => {
  const s = setup(2, false);
  await s.step.run(fakeStepContext().ctx, { publicationIds: [], concurrency: 2, bulkThreshold: 1 });
  assert.equal(s.shop.published, []);
  assert.equal(s.state.waiting(), ['P1', 'P2']);
});

test('a bulk result line whose product was re-created since is not taken for the new one', async () => {
  const s = setup(3, true);
  const { ctx } = fakeStepContext();
  await s.state.store.numberUnpublishedLines();
  // Line 3's product was re-created (a new id) after the file was numbered: the store forgets
  // the numbering for it, as saveProductsWritten does.
  const recreated = createFakeUnpublishedProducts([product(1), product(2)]);
  await recreated.store.numberUnpublishedLines();
  const step = createPublishProducts({
    shopify: s.shop.publications,
    state: recreated.store,
    bulk: noBulkOperations(),
  });
  await s.shop.publications.startBulkPublish(
    (async function* () {
      yield product(1).productId;
      yield product(2).productId;
      yield product(3).productId;
    })(),
    [ONLINE],
  );
  await step.applyBulkResults(ctx, 'results.jsonl', [ONLINE]);
  assert.equal(recreated.waiting(), ['P2'], 'P1 published, P2 refused; line 3 matched nothing');
});

test.run();
