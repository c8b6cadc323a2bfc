/**
 * Publishing a written product or collection over an in-memory Publications port: published is
 * true and nothing recorded; refused is false (the caller does not save it as written) and the
 * record is named with Shopify's messages.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  publishResource,
  type WrittenResource,
} from '../../../src/app/usecases/publish-resource.js';
import { createFakePublications } from '../../support/fakes/publications.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';

const CHANNELS = ['gid://shopify/Publication/1', 'gid://shopify/Publication/2'];

const written = (entity: WrittenResource['entity'], id: string): WrittenResource => ({
  entity,
  externalId: `X-${id}`,
  resourceId: `gid://shopify/${entity === 'category' ? 'Collection' : 'Product'}/${id}`,
  payload: { externalId: `X-${id}`, note: 'kept for the record error' },
});

const refusal = [
  { field: 'publicationId', message: 'Publication does not exist', code: 'NOT_FOUND' },
  { field: null, message: 'Resource is not publishable', code: null },
];

// [name, entity, refused?, word the reason uses for the resource]
const cases: [string, WrittenResource['entity'], boolean, string][] = [
  ['a product published', 'product', false, 'product'],
  ['a collection published', 'category', false, 'collection'],
  ['a product refused', 'product', true, 'product'],
  ['a collection refused', 'category', true, 'collection'],
];

for (const [name, entity, refused, word] of cases) {
  test(`publishResource: ${name}`, async () => {
    const resource = written(entity, '7');
    const { publications, published } = createFakePublications(
      {},
      refused ? { [resource.resourceId]: refusal } : {},
    );
    const run = fakeStepContext();
    const ok = await publishResource(run.ctx, publications, resource, CHANNELS);
    assert.is(ok, !refused);
    if (!refused) {
      assert.equal(published, [{ resourceId: resource.resourceId, publicationIds: CHANNELS }]);
      assert.equal(run.errors, []);
      return;
    }
    assert.equal(published, []);
    assert.is(run.errors.length, 1);
    const [error] = run.errors;
    assert.is(error?.entity, entity);
    assert.is(error?.externalId, resource.externalId);
    assert.is(error?.field, 'publications');
    assert.ok(error?.reason.includes(`the ${word} was written but could not be published`));
    assert.ok(error?.reason.includes('Publication does not exist; Resource is not publishable'));
    assert.equal(error?.payload, resource.payload);
  });
}

test('publishResource: each resource on its own (one refused, the next still published)', async () => {
  const a = written('product', '1');
  const b = written('product', '2');
  const { publications, published } = createFakePublications({}, { [a.resourceId]: refusal });
  const run = fakeStepContext();
  assert.is(await publishResource(run.ctx, publications, a, CHANNELS), false);
  assert.is(await publishResource(run.ctx, publications, b, CHANNELS), true);
  assert.equal(
    published.map((p) => p.resourceId),
    [b.resourceId],
  );
  assert.equal(
    run.errors.map((e) => e.externalId),
    [a.externalId],
  );
});

test.run();
