/**
 * Categories to collections over in-memory ports: what is written, published and saved, and
 * what a malformed, repeated or removed category leads to.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { categoryToCollection, collectionHash } from '../../../src/app/usecases/catalog-mapping.js';
import { createSyncCategories } from '../../../src/app/usecases/sync-categories.js';
import type { Category } from '../../../src/domain/model/catalog.js';
import type { Parsed } from '../../../src/domain/model/record-error.js';
import type { CollectionMapping } from '../../../src/domain/ports/collection-mappings.js';
import { createFakeCatalogSource, parsed } from '../../support/fakes/catalog-source.js';
import { createFakeCollectionMappings } from '../../support/fakes/collection-mappings.js';
import { createFakeShopifyCollections } from '../../support/fakes/shopify-collections.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';

const category = (id: string, over: Partial<Category> = {}): Category => ({
  externalId: id,
  parentId: null,
  name: `Category ${id}`,
  description: '',
  updatedAt: '2026-11-01T00:00:00Z',
  ...over,
});
const mappedAs = (c: Category): CollectionMapping => ({
  externalId: c.externalId,
  shopifyId: `gid://shopify/Collection/${c.externalId}`,
  contentHash: collectionHash(categoryToCollection(c)),
  state: 'active',
});

function setup(
  feed: Parsed<Category>[],
  mapped: CollectionMapping[] = [],
  answers?: Parameters<typeof createFakeShopifyCollections>[0],
) {
  const state = createFakeCollectionMappings(mapped);
  const shop = createFakeShopifyCollections(answers);
  const step = createSyncCategories({
    source: createFakeCatalogSource({ categories: feed }),
    shopify: shop.shopify,
    state: state.store,
  });
  return { step, state, shop };
}
const publishTo = { dryRun: false, publicationIds: ['gid://shopify/Publication/1'] };

test('new, changed and unchanged categories: only the first two are written; new ones published', async () => {
  const same = category('C1');
  const changed = category('C2', { name: 'Renamed' });
  const s = setup(
    [parsed(same), parsed(changed), parsed(category('C3'))],
    [mappedAs(same), mappedAs(category('C2'))],
  );
  const { ctx, counter, errors } = fakeStepContext();
  const plan = await s.step.run(ctx, publishTo);
  assert.equal(plan, { create: 1, update: 1, unchanged: 1, removed: 0 });
  assert.equal(
    s.shop.written.map((d) => [d.externalId, d.title]),
    [
      ['C2', 'Renamed'],
      ['C3', 'Category C3'],
    ],
  );
  assert.equal(
    s.shop.published.map((p) => p.resourceId),
    ['gid://shopify/Collection/C3'],
  );
  assert.is(s.state.mappings.get('C2')?.contentHash, collectionHash(categoryToCollection(changed)));
  assert.equal(
    [
      counter.get('category', 'created'),
      counter.get('category', 'updated'),
      counter.get('category', 'unchanged'),
    ],
    [1, 1, 1],
  );
  assert.equal(errors, []);
});

test('dry run: the plan only', async () => {
  const s = setup([parsed(category('C1')), parsed(category('C2'))], [mappedAs(category('C9'))]);
  const plan = await s.step.run(fakeStepContext().ctx, { ...publishTo, dryRun: true });
  assert.equal(plan, { create: 2, update: 0, unchanged: 0, removed: 1 });
  assert.equal(s.shop.written, []);
  assert.is(s.state.mappings.get('C9')?.state, 'active');
});

test('a category gone from API X: its collection is kept, no longer managed, nothing sent', async () => {
  const s = setup([parsed(category('C1'))], [mappedAs(category('C1')), mappedAs(category('C2'))]);
  const { ctx, counter } = fakeStepContext();
  await s.step.run(ctx, publishTo);
  assert.equal(s.shop.written, []);
  assert.is(s.state.mappings.get('C2')?.state, 'removed');
  assert.is(counter.get('category', 'archived'), 1);
});

test('a malformed category is recorded and still counts as seen: its collection is not given up', async () => {
  const error = {
    entity: 'category' as const,
    externalId: 'C2',
    field: 'name',
    reason: 'must not be empty',
    payload: {},
  };
  const s = setup([parsed(category('C1')), { ok: false, error }], [mappedAs(category('C2'))]);
  const { ctx, errors } = fakeStepContext();
  const plan = await s.step.run(ctx, publishTo);
  assert.equal(errors, [error]);
  assert.is(plan.removed, 0);
  assert.is(s.state.mappings.get('C2')?.state, 'active');
});

test('a category served twice: the newer copy is written once, whichever came first', async () => {
  const older = category('C1', { name: 'Old', updatedAt: '2026-11-01T00:00:00Z' });
  const newer = category('C1', { name: 'New', updatedAt: '2026-11-02T00:00:00Z' });
  for (const feed of [
    [newer, older],
    [older, newer],
  ]) {
    const s = setup(feed.map(parsed));
    await s.step.run(fakeStepContext().ctx, publishTo);
    assert.equal(
      s.shop.written.map((d) => d.title),
      ['New'],
    );
  }
});

test('two different copies with the same updatedAt: held back and named, nothing written', async () => {
  const a = category('C1', { name: 'A' });
  const b = category('C1', { name: 'B' });
  const s = setup([parsed(a), parsed(b)]);
  const { ctx, errors } = fakeStepContext();
  await s.step.run(ctx, publishTo);
  assert.equal(s.shop.written, []);
  assert.equal(
    errors.map((e) => [e.entity, e.externalId, e.field]),
    [['category', 'C1', 'updatedAt']],
  );
});

test('a rejected collection is named and not saved; a failed publication is named and not saved either', async () => {
  const s = setup([parsed(category('C1')), parsed(category('C2'))], [], {
    write: (d) =>
      d.externalId === 'C1'
        ? { ok: false, errors: [{ field: 'title', message: 'is too long', code: null }] }
        : { ok: true, value: { collectionId: `gid://shopify/Collection/${d.externalId}` } },
    publish: () => ({
      ok: false,
      errors: [{ field: null, message: 'no such publication', code: null }],
    }),
  });
  const { ctx, errors } = fakeStepContext();
  await s.step.run(ctx, publishTo);
  assert.equal(
    errors.map((e) => [e.externalId, e.field]),
    [
      ['C1', 'title'],
      ['C2', 'publications'],
    ],
  );
  // Neither saved: the next run writes C2 again (found by custom id) and publishes it.
  assert.equal([...s.state.mappings.keys()], []);
});

test.run();
