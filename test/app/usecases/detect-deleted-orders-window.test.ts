/**
 * The deleted-orders step over an in-memory outbox: which events window it reads, what it marks,
 * and that a repeat of the same events changes nothing. (detect-deleted-orders.test.ts covers
 * what the operator is told for each kind of order.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contentHash } from '../../../src/app/usecases/content-hash.js';
import {
  createDetectDeletedOrders,
  ORDER_DELETIONS_STREAM,
} from '../../../src/app/usecases/detect-deleted-orders.js';
import { DELETION_EVENTS_OVERLAP_MS } from '../../../src/app/usecases/detect-hand-deletions.js';
import { createFakeOrderSource } from '../../support/fakes/order-source.js';
import { createInMemoryOrderStore } from '../../support/fakes/order-store.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { minimalOrder } from '../../support/minimal-order.js';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const id = (n: number) => `gid://shopify/Order/${n}`;

async function setup(deleted: string[]) {
  let now = NOW;
  const box = createInMemoryOrderStore(() => now);
  const orders = [1, 2, 3].map((n) => minimalOrder({ shopifyId: id(n), name: `#${1000 + n}` }));
  await box.store.storePage(
    orders.map((o) => ({ order: o, raw: {}, payloadHash: contentHash(o), push: true })),
    'orders',
    null,
  );
  // Order 2 reached API X before it was deleted.
  const two = box.orders.get(id(2));
  if (two) Object.assign(two, { state: 'pushed', apixReference: 'AX-2', pushedVersion: 1 });
  const shopify = createFakeOrderSource({ deleted });
  const step = createDetectDeletedOrders({
    source: shopify.source,
    store: box.store,
    now: () => now,
  });
  return { box, shopify, step, setNow: (at: Date) => (now = at) };
}

test('first run: reads events over the backfill, marks the stored orders, moves the cursor to its start', async () => {
  const s = await setup([id(1), id(2), id(99)]);
  const { ctx, counter, errors } = fakeStepContext();
  const result = await s.step.run(ctx, { dryRun: false, backfillDays: 60 });
  assert.equal(s.shopify.asked.deletedSince, ['2026-10-01T12:00:00.000Z']);
  assert.equal(result, { deleted: 2, apixHolds: 1 });
  assert.equal(
    [1, 2, 3].map((n) => s.box.orders.get(id(n))?.state),
    ['deleted', 'deleted', 'pending'],
  );
  assert.is(s.box.cursors.get(ORDER_DELETIONS_STREAM), NOW.toISOString());
  assert.is(counter.get('order', 'deleted'), 2);
  assert.equal(
    errors.map((e) => e.externalId),
    [id(2)],
  );
  assert.is(await s.box.store.countDue(), 1, 'a deleted order is never pushed');
});

test('next run: from the cursor less the overlap; the same events again mark nothing and record nothing', async () => {
  const s = await setup([id(2)]);
  await s.step.run(fakeStepContext().ctx, { dryRun: false, backfillDays: 60 });
  const later = new Date('2026-11-30T12:05:00.000Z');
  s.setNow(later);
  const { ctx, counter, errors } = fakeStepContext();
  const result = await s.step.run(ctx, { dryRun: false, backfillDays: 60 });
  assert.is(
    s.shopify.asked.deletedSince[1],
    new Date(NOW.getTime() - DELETION_EVENTS_OVERLAP_MS).toISOString(),
  );
  assert.equal(result, { deleted: 0, apixHolds: 0 });
  assert.equal(errors, []);
  assert.is(counter.get('order', 'deleted'), 0);
  assert.is(s.box.cursors.get(ORDER_DELETIONS_STREAM), later.toISOString());
});

test('dry run: events are read, nothing is marked and the cursor stays', async () => {
  const s = await setup([id(1), id(2)]);
  const { ctx, errors } = fakeStepContext();
  const result = await s.step.run(ctx, { dryRun: true, backfillDays: 60 });
  assert.equal(result, { deleted: 0, apixHolds: 0 });
  assert.equal(s.shopify.asked.deletedSince.length, 1);
  assert.ok([...s.box.orders.values()].every((o) => o.state !== 'deleted'));
  assert.is(s.box.cursors.get(ORDER_DELETIONS_STREAM), undefined);
  assert.equal(errors, []);
});

test('an order deleted before it was sent is marked and only logged, not a record error', async () => {
  const s = await setup([id(3)]);
  const { ctx, errors, warnings } = fakeStepContext();
  await s.step.run(ctx, { dryRun: false, backfillDays: 60 });
  assert.is(s.box.orders.get(id(3))?.state, 'deleted');
  assert.equal(errors, []);
  assert.ok(
    warnings().some((w) => /#1003 was deleted in Shopify before it reached API X/.test(w.message)),
  );
});

test.run();
