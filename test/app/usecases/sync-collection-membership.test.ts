/**
 * Collection membership over in-memory ports: one call per collection (and per 250 products),
 * adds and removes together, saved only once Shopify applied them; a category without a
 * collection is named per product, never sent.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createSyncCollectionMembership,
  type SyncMembershipDeps,
} from '../../../src/app/usecases/sync-collection-membership.js';
import type { MembershipChange } from '../../../src/domain/ports/collection-membership.js';
import { createFakeCollectionMembership } from '../../support/fakes/collection-membership.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { rejectionOf } from '../../support/rejection-of.js';

const change = (
  categoryId: string,
  product: number,
  op: 'add' | 'remove' = 'add',
  collectionId: string | null = `gid://shopify/Collection/${categoryId}`,
): MembershipChange => ({
  categoryId,
  collectionId,
  productExternalId: `P${String(product).padStart(4, '0')}`,
  productId: `gid://shopify/Product/${product}`,
  op,
});

type Answer = Awaited<ReturnType<SyncMembershipDeps['shopify']['changeCollectionMembers']>>;

function setup(
  changes: MembershipChange[],
  answer: (collectionId: string) => Answer = () => ({ ok: true, value: undefined }),
) {
  const state = createFakeCollectionMembership(changes);
  const calls: { collectionId: string; add: string[]; remove: string[] }[] = [];
  const step = createSyncCollectionMembership({
    state: state.membership,
    shopify: {
      async changeCollectionMembers(collectionId, add, remove) {
        calls.push({ collectionId, add: [...add], remove: [...remove] });
        return answer(collectionId);
      },
    },
  });
  return { step, state, calls };
}

test('adds and removes of one collection go in one call; every applied change is saved', async () => {
  const s = setup([change('C1', 1), change('C1', 2, 'remove'), change('C2', 3)]);
  const { ctx, errors } = fakeStepContext();
  assert.equal(await s.step.run(ctx), { added: 2, removed: 1 });
  assert.equal(s.calls, [
    {
      collectionId: 'gid://shopify/Collection/C1',
      add: ['gid://shopify/Product/1'],
      remove: ['gid://shopify/Product/2'],
    },
    { collectionId: 'gid://shopify/Collection/C2', add: ['gid://shopify/Product/3'], remove: [] },
  ]);
  assert.is(s.state.saved.length, 3);
  assert.equal(errors, []);
});

test('nothing to change: Shopify is not asked', async () => {
  const s = setup([]);
  assert.equal(await s.step.run(fakeStepContext().ctx), { added: 0, removed: 0 });
  assert.equal(s.calls, []);
});

test('more than 250 products for one collection go in calls of at most 250', async () => {
  const s = setup(Array.from({ length: 600 }, (_, i) => change('C1', i + 1)));
  const result = await s.step.run(fakeStepContext().ctx);
  assert.equal(
    s.calls.map((c) => c.add.length),
    [250, 250, 100],
  );
  assert.is(result.added, 600);
  assert.is(s.state.saved.length, 600);
});

test('a refused collection: its changes are not saved and the category is named; the others go on', async () => {
  const s = setup([change('C1', 1), change('C1', 2), change('C2', 3)], (collectionId) =>
    collectionId.endsWith('/C1')
      ? { ok: false, errors: [{ field: 'productIds', message: 'collection is smart', code: null }] }
      : { ok: true, value: undefined },
  );
  const { ctx, errors } = fakeStepContext();
  assert.equal(await s.step.run(ctx), { added: 1, removed: 0 });
  assert.equal(
    s.state.saved.map((c) => c.productExternalId),
    ['P0003'],
  );
  assert.equal(
    errors.map((e) => [e.entity, e.externalId, e.field, e.reason]),
    [
      [
        'category',
        'C1',
        'products',
        "could not change the collection's products: collection is smart",
      ],
    ],
  );
});

test('a category without a collection: each product to add is named once, nothing sent or saved', async () => {
  const s = setup([
    change('C9', 1, 'add', null),
    change('C9', 2, 'add', null),
    change('C9', 3, 'remove', null),
    change('C2', 4),
  ]);
  const { ctx, errors } = fakeStepContext();
  await s.step.run(ctx);
  assert.equal(
    s.calls.map((c) => c.collectionId),
    ['gid://shopify/Collection/C2'],
  );
  assert.equal(
    errors.map((e) => [e.entity, e.externalId, e.field]),
    [
      ['product', 'P0001', 'categoryIds'],
      ['product', 'P0002', 'categoryIds'],
    ],
  );
  assert.equal(
    s.state.saved.map((c) => c.productExternalId),
    ['P0004'],
  );
});

test('a stop request before the first page: nothing sent', async () => {
  const s = setup([change('C1', 1)]);
  const context = fakeStepContext();
  context.abort(new Error('SIGTERM'));
  const error = await rejectionOf(s.step.run(context.ctx));
  assert.is((error as Error | null)?.message, 'SIGTERM');
  assert.equal(s.calls, []);
});

test('collections are changed concurrently: one waiting on its Shopify job does not hold up the others', async () => {
  // C1's change waits until C3's has started. One collection at a time, C3 would never start
  // (the fallback below ends the wait and the test fails on the order).
  let c3Started: () => void = () => {};
  const c3 = new Promise<'concurrent'>((resolve) => {
    c3Started = () => resolve('concurrent');
  });
  const order: string[] = [];
  let inFlight = 0;
  let most = 0;
  const state = createFakeCollectionMembership([
    change('C1', 1),
    change('C2', 2),
    change('C3', 3),
    change('C4', 4, 'remove'),
  ]);
  const step = createSyncCollectionMembership({
    state: state.membership,
    shopify: {
      async changeCollectionMembers(collectionId) {
        inFlight++;
        most = Math.max(most, inFlight);
        if (collectionId.endsWith('C3')) c3Started();
        if (collectionId.endsWith('C1')) {
          let timer: NodeJS.Timeout | undefined;
          const fallback = new Promise<'one at a time'>((resolve) => {
            timer = setTimeout(() => resolve('one at a time'), 2000);
          });
          order.push(await Promise.race([c3, fallback]));
          clearTimeout(timer);
        }
        order.push(collectionId.slice(-2));
        inFlight--;
        return { ok: true, value: undefined };
      },
    },
  });
  const result = await step.run(fakeStepContext().ctx, { concurrency: 3 });
  assert.equal(result, { added: 3, removed: 1 });
  assert.is(order[0], 'C2');
  assert.ok(order.includes('concurrent'), order.join(', '));
  assert.ok(
    most >= 2 && most <= 3,
    `${most} at once: more than one, never more than the concurrency`,
  );
  assert.is(state.saved.length, 4, 'every applied change saved');
});

test.run();
