/**
 * The fetch step over an in-memory Shopify and outbox: which window is read, what is stored and
 * where the cursors end, and what the operator is told. (fetch-orders.test.ts runs the step
 * against the Postgres store.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contentHash } from '../../../src/app/usecases/content-hash.js';
import {
  createFetchOrders,
  ORDERS_FULL_READ_STREAM,
  ORDERS_STREAM,
  type FetchOrdersOptions,
} from '../../../src/app/usecases/fetch-orders.js';
import { ConfigError } from '../../../src/domain/errors.js';
import type { Order } from '../../../src/domain/model/order.js';
import type { OrderPage } from '../../../src/domain/ports/order-source.js';
import { createFakeAccessMemo } from '../../support/fakes/access-memo.js';
import { createFakeOrderSource, pageOf } from '../../support/fakes/order-source.js';
import { createInMemoryOrderStore } from '../../support/fakes/order-store.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { minimalOrder } from '../../support/minimal-order.js';
import { rejectionOf } from '../../support/rejection-of.js';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const options: FetchOrdersOptions = {
  dryRun: false,
  overlapSeconds: 120,
  backfillDays: 7,
  skipTest: true,
};

const order = (n: number, updatedAt: string, over: Partial<Order> = {}): Order =>
  minimalOrder({
    shopifyId: `gid://shopify/Order/${n}`,
    name: `#${1000 + n}`,
    createdAt: updatedAt,
    updatedAt,
    ...over,
  });

function setup(
  pages: OrderPage[],
  shop: { readsAllOrders?: boolean; memo?: Parameters<typeof createFakeAccessMemo>[0] } = {},
) {
  let now = NOW;
  const box = createInMemoryOrderStore(() => now);
  const shopify = createFakeOrderSource({ pages, readsAllOrders: shop.readsAllOrders ?? false });
  const access = createFakeAccessMemo(shop.memo ?? null);
  const step = createFetchOrders({
    source: shopify.source,
    store: box.store,
    access: access.memo,
    now: () => now,
  });
  return { box, shopify, access, step, setNow: (at: Date) => (now = at) };
}

test('first run: reads the backfill window, stores every order, moves both cursors', async () => {
  const pages = [
    pageOf([order(1, '2026-11-29T08:00:00.000Z'), order(2, '2026-11-29T09:00:00.000Z')]),
    pageOf([order(3, '2026-11-30T10:00:00.000Z')]),
  ];
  const s = setup(pages);
  const { ctx, counter } = fakeStepContext();
  const result = await s.step.run(ctx, options);
  assert.equal(s.shopify.asked.ordersSince, ['2026-11-23T12:00:00.000Z']);
  assert.equal(
    [result.fetched, result.inserted, result.changed, result.unchanged, result.malformed],
    [3, 3, 0, 0, 0],
  );
  assert.equal(
    [...s.box.orders.keys()].sort(),
    [1, 2, 3].map((n) => `gid://shopify/Order/${n}`),
  );
  assert.ok([...s.box.orders.values()].every((o) => o.state === 'pending'));
  assert.is(s.box.cursors.get(ORDERS_STREAM), '2026-11-30T10:00:00.000Z');
  assert.is(s.box.cursors.get(ORDERS_FULL_READ_STREAM), NOW.toISOString());
  assert.is(counter.get('order', 'created'), 3);
});

test('next run: starts at the cursor less the overlap and stores only what changed', async () => {
  const pages = [
    pageOf([order(1, '2026-11-30T10:00:00.000Z'), order(2, '2026-11-30T11:00:00.000Z')]),
  ];
  const s = setup(pages);
  await s.step.run(fakeStepContext().ctx, options);
  pages.push(
    pageOf([order(2, '2026-11-30T12:30:00.000Z', { cancelledAt: '2026-11-30T12:30:00Z' })]),
  );
  s.setNow(new Date('2026-11-30T13:00:00.000Z'));
  const { ctx, counter } = fakeStepContext();
  const result = await s.step.run(ctx, options);
  assert.equal(s.shopify.asked.ordersSince[1], '2026-11-30T10:58:00.000Z');
  assert.equal([result.inserted, result.changed], [0, 1]);
  assert.is(s.box.orders.get('gid://shopify/Order/2')?.version, 2);
  assert.is(s.box.orders.get('gid://shopify/Order/1')?.version, 1);
  assert.is(s.box.cursors.get(ORDERS_STREAM), '2026-11-30T12:30:00.000Z');
  assert.is(counter.get('order', 'updated'), 1);
});

test('an order changed again within the second it was read is read again, then trusted', async () => {
  // Shopify's updatedAt has whole seconds: the cancellation at 12:00:00.600 leaves order 1's
  // stamp at 12:00:00, which the first run (12:00:00.400) had stored with the order uncancelled.
  const stamp = '2026-11-30T12:00:00.000Z';
  const pages = [pageOf([order(1, stamp)])];
  const s = setup(pages);
  s.setNow(new Date('2026-11-30T12:00:00.400Z'));
  await s.step.run(fakeStepContext().ctx, options);
  pages[0] = pageOf([order(1, stamp, { cancelledAt: stamp })]);
  s.setNow(new Date('2026-11-30T12:05:00.000Z'));
  const second = await s.step.run(fakeStepContext().ctx, options);
  assert.equal([second.fetched, second.changed, second.unchanged], [1, 1, 0]);
  const held = s.box.orders.get('gid://shopify/Order/1');
  assert.is(held?.version, 2);
  assert.is(held?.order.cancelledAt, stamp);
  // Read at 12:05, a whole second after the stamp: the stored version now vouches for it.
  s.setNow(new Date('2026-11-30T12:06:00.000Z'));
  const third = await s.step.run(fakeStepContext().ctx, options);
  assert.equal([third.fetched, third.changed, third.unchanged], [1, 0, 1]);
  assert.is(s.box.orders.get('gid://shopify/Order/1')?.version, 2);
});

test('an adopted export that read before the run began: its creation is the read time', async () => {
  // Run 1 (12:00:30) adopts an export a crashed run created at 12:00:00; it read order 1 at
  // 12:00:00.400, before the cancellation at 12:00:00.600 that kept the stamp 12:00:00.
  const stamp = '2026-11-30T12:00:00.000Z';
  const pages: OrderPage[] = [{ ...pageOf([order(1, stamp)]), readFrom: stamp }];
  const s = setup(pages);
  s.setNow(new Date('2026-11-30T12:00:30.000Z'));
  await s.step.run(fakeStepContext().ctx, options);
  assert.is(s.box.cursors.get(ORDERS_FULL_READ_STREAM), stamp);
  pages[0] = pageOf([order(1, stamp, { cancelledAt: stamp })]);
  s.setNow(new Date('2026-11-30T12:05:00.000Z'));
  const second = await s.step.run(fakeStepContext().ctx, options);
  assert.equal([second.fetched, second.changed], [1, 1]);
  assert.is(s.box.orders.get('gid://shopify/Order/1')?.order.cancelledAt, stamp);
});

/**
 * Order 1 at the stamp 12:00:00: uncancelled as an export created at 12:00:00 captured it, then
 * cancelled at 12:00:00.600 under the same stamp (whole seconds).
 */
const SAME_SECOND = '2026-11-30T12:00:00.000Z';
const beforeChange = order(1, SAME_SECOND);
const afterChange = order(1, SAME_SECOND, { cancelledAt: SAME_SECOND });
/** The crashed run's export, adopted: it holds order 1 as it was when the export was created. */
const adoptedExport = (o: Order, createdAt = SAME_SECOND): OrderPage => ({
  ...pageOf([o]),
  readFrom: createdAt,
});

test('an export created before the last full read: its older copy at the same stamp is not stored, nor later trusted', async () => {
  // Run 1 (12:00:01.500, a full read) stores the cancelled order; run 2 (12:00:40) adopts the
  // export a crashed run created at 12:00:00, before run 1: the full-read time stays 12:00:01.500.
  const pages = [pageOf([afterChange])];
  const s = setup(pages);
  s.setNow(new Date('2026-11-30T12:00:01.500Z'));
  await s.step.run(fakeStepContext().ctx, options);
  pages[0] = adoptedExport(beforeChange);
  s.setNow(new Date('2026-11-30T12:00:40.000Z'));
  const adopted = await s.step.run(fakeStepContext().ctx, options);
  assert.equal([adopted.fetched, adopted.changed, adopted.unchanged], [1, 0, 1]);
  const held = s.box.orders.get(afterChange.shopifyId);
  assert.is(held?.order.cancelledAt, SAME_SECOND, 'the cancellation stays');
  assert.is(held?.version, 1);
  assert.is(s.box.cursors.get(ORDERS_FULL_READ_STREAM), '2026-11-30T12:00:01.500Z');
  // Later runs trust the stored version (read a second after its stamp): it must be the last.
  pages[0] = pageOf([afterChange]);
  s.setNow(new Date('2026-11-30T12:05:00.000Z'));
  await s.step.run(fakeStepContext().ctx, options);
  assert.is(s.box.orders.get(afterChange.shopifyId)?.order.cancelledAt, SAME_SECOND);
});

test("an adopted export does not replace a crashed run's later copy at the same stamp", async () => {
  // A run at 12:00:20 stored the cancelled order, then died before its read ended (the
  // full-read time was not moved); the next run adopts the export created at 12:00:00.
  const s = setup([adoptedExport(beforeChange)]);
  await s.box.store.storePage(
    [{ order: afterChange, raw: {}, payloadHash: contentHash(afterChange), push: true }],
    ORDERS_STREAM,
    SAME_SECOND,
  );
  s.setNow(new Date('2026-11-30T12:00:40.000Z'));
  await s.step.run(fakeStepContext().ctx, options);
  assert.is(s.box.orders.get(afterChange.shopifyId)?.order.cancelledAt, SAME_SECOND);
  assert.is(s.box.orders.get(afterChange.shopifyId)?.version, 1);
});

test('an adopted copy not stored for its stamp is read again once the stamp has passed', async () => {
  // Run 1 (12:00:00.200) stored the uncancelled order; the adopted export (created 12:00:00)
  // serves the cancelled one under the same stamp: it may be older than what is stored, so it
  // is not stored, and the next run reads the order again (its stamp was never trusted).
  const pages = [pageOf([beforeChange])];
  const s = setup(pages);
  s.setNow(new Date('2026-11-30T12:00:00.200Z'));
  await s.step.run(fakeStepContext().ctx, options);
  pages[0] = adoptedExport(afterChange);
  s.setNow(new Date('2026-11-30T12:00:40.000Z'));
  await s.step.run(fakeStepContext().ctx, options);
  assert.is(s.box.orders.get(afterChange.shopifyId)?.order.cancelledAt, null);
  pages[0] = pageOf([afterChange]);
  s.setNow(new Date('2026-11-30T12:05:00.000Z'));
  const next = await s.step.run(fakeStepContext().ctx, options);
  assert.equal([next.fetched, next.changed], [1, 1]);
  assert.is(s.box.orders.get(afterChange.shopifyId)?.order.cancelledAt, SAME_SECOND);
});

test('an adopted copy not stored holds the cursor at its stamp, though the export read minutes on', async () => {
  // As above, but the export (created 12:00:00) ran on: order 2 changed at 12:04 is on its later
  // page. The cursor stops at 12:00:00, so the next run's window (cursor - overlap) reaches order
  // 1 (review R2: it asked since 12:02:00 and the cancellation was never read).
  const later = order(2, '2026-11-30T12:04:00.000Z');
  const pages = [pageOf([beforeChange])];
  const s = setup(pages);
  s.setNow(new Date('2026-11-30T12:00:00.200Z'));
  await s.step.run(fakeStepContext().ctx, options);
  pages[0] = adoptedExport(afterChange);
  pages[1] = adoptedExport(later);
  s.setNow(new Date('2026-11-30T12:10:00.000Z'));
  const adopted = await s.step.run(fakeStepContext().ctx, options);
  assert.equal([adopted.inserted, adopted.unchanged], [1, 1]);
  assert.is(s.box.cursors.get(ORDERS_STREAM), SAME_SECOND);
  pages[0] = pageOf([afterChange]);
  pages[1] = pageOf([later]);
  s.setNow(new Date('2026-11-30T12:15:00.000Z'));
  const next = await s.step.run(fakeStepContext().ctx, options);
  assert.is(s.shopify.asked.ordersSince.at(-1), '2026-11-30T11:58:00.000Z');
  assert.equal([next.changed, next.unchanged], [1, 1]);
  assert.is(s.box.orders.get(afterChange.shopifyId)?.order.cancelledAt, SAME_SECOND);
  assert.is(s.box.cursors.get(ORDERS_STREAM), later.updatedAt);
});

test('an adopted export created a second after the stamp replaces the stored copy: it read the last change', async () => {
  const pages = [pageOf([beforeChange])];
  const s = setup(pages);
  s.setNow(new Date('2026-11-30T12:00:00.200Z'));
  await s.step.run(fakeStepContext().ctx, options);
  pages[0] = adoptedExport(afterChange, '2026-11-30T12:00:01.000Z');
  s.setNow(new Date('2026-11-30T12:00:40.000Z'));
  const adopted = await s.step.run(fakeStepContext().ctx, options);
  assert.equal([adopted.fetched, adopted.changed], [1, 1]);
  assert.is(s.box.orders.get(afterChange.shopifyId)?.order.cancelledAt, SAME_SECOND);
});

test('a quiet window vouched for by its summary: nothing fetched, the full-read time stays', async () => {
  const pages = [pageOf([order(1, '2026-11-30T10:00:00.000Z')])];
  const s = setup(pages);
  await s.step.run(fakeStepContext().ctx, options);
  s.setNow(new Date('2026-11-30T12:05:00.000Z'));
  const result = await s.step.run(fakeStepContext().ctx, options);
  assert.equal([result.fetched, result.inserted, result.unchanged], [1, 0, 1]);
  assert.is(s.box.cursors.get(ORDERS_FULL_READ_STREAM), NOW.toISOString());
});

test('dry run: the window is read and previewed; nothing stored, no cursor moved, no scope remembered', async () => {
  const s = setup([pageOf([order(1, '2026-11-29T08:00:00.000Z')])]);
  const result = await s.step.run(fakeStepContext().ctx, { ...options, dryRun: true });
  assert.is(result.inserted, 1);
  assert.is(s.box.orders.size, 0);
  assert.equal([...s.box.cursors.keys()], []);
  assert.equal(s.access.recorded, []);
});

test('a malformed order is recorded and the rest stored; test orders are stored but never pushed', async () => {
  const malformed = {
    entity: 'order' as const,
    externalId: 'gid://shopify/Order/9',
    field: 'lineItems[0].quantity',
    reason: 'must be a whole number',
    payload: {},
  };
  const s = setup([
    pageOf(
      [order(1, '2026-11-29T08:00:00.000Z'), order(2, '2026-11-29T08:00:01.000Z', { test: true })],
      [malformed],
    ),
  ]);
  const { ctx, errors } = fakeStepContext();
  const result = await s.step.run(ctx, options);
  assert.equal(errors, [malformed]);
  assert.is(result.malformed, 1);
  assert.equal(
    [1, 2].map((n) => s.box.orders.get(`gid://shopify/Order/${n}`)?.state),
    ['pending', 'skipped'],
  );
});

test('a backfill past 60 days without read_all_orders: a config error before anything is read', async () => {
  const s = setup([pageOf([order(1, '2026-11-29T08:00:00.000Z')])], { readsAllOrders: false });
  const error = await rejectionOf(
    s.step.run(fakeStepContext().ctx, { ...options, backfillDays: 90 }),
  );
  assert.instance(error, ConfigError);
  assert.match(String(error), /ORDERS_BACKFILL_DAYS=90.*read_all_orders/);
  assert.equal(s.shopify.asked.ordersSince, []);
  assert.is(s.box.orders.size, 0);
  assert.equal(s.access.recorded, [false]);
});

test('a backfill past 60 days with read_all_orders reads the whole backfill', async () => {
  const s = setup([pageOf([order(1, '2026-09-15T08:00:00.000Z')])], { readsAllOrders: true });
  const result = await s.step.run(fakeStepContext().ctx, { ...options, backfillDays: 90 });
  assert.equal(s.shopify.asked.ordersSince, ['2026-09-01T12:00:00.000Z']);
  assert.is(result.inserted, 1);
  assert.equal(s.access.recorded, [true]);
});

test('open orders older than 60 days without read_all_orders are counted unreadable and the operator told', async () => {
  const old = order(1, '2026-11-29T08:00:00.000Z', { createdAt: '2026-08-01T08:00:00.000Z' });
  const cancelled = order(2, '2026-11-29T08:00:00.000Z', {
    createdAt: '2026-08-01T08:00:00.000Z',
    cancelledAt: '2026-11-29T08:00:00.000Z',
  });
  const s = setup([pageOf([old, cancelled, order(3, '2026-11-29T09:00:00.000Z')])]);
  const { ctx, counter, warnings } = fakeStepContext();
  const result = await s.step.run(ctx, options);
  assert.is(result.unreadable, 1);
  assert.is(counter.get('order', 'unreadable'), 1);
  assert.ok(warnings().some((w) => /older than Shopify's 60-day window/.test(w.message)));
});

test('a recent remembered grant spares the scope question and counts nothing unreadable', async () => {
  const old = order(1, '2026-11-29T08:00:00.000Z', { createdAt: '2026-08-01T08:00:00.000Z' });
  const s = setup([pageOf([old])], {
    memo: { readsAllOrders: true, checkedAt: new Date(NOW.getTime() - 10 * 60_000) },
  });
  const result = await s.step.run(fakeStepContext().ctx, options);
  assert.is(result.unreadable, 0);
  assert.is(s.shopify.asked.scope, 0);
});

test('withheld customer fields: named once per run, sorted, whatever the number of pages', async () => {
  const pages: OrderPage[] = [
    { ...pageOf([order(1, '2026-11-29T08:00:00.000Z')]), withheld: ['shippingAddress', 'email'] },
    { ...pageOf([order(2, '2026-11-29T09:00:00.000Z')]), withheld: ['email'] },
  ];
  const s = setup(pages);
  const { ctx, warnings } = fakeStepContext();
  const result = await s.step.run(ctx, options);
  assert.equal(result.withheldCustomerData, ['email', 'shippingAddress']);
  assert.is(warnings().filter((w) => /withheld protected customer data/.test(w.message)).length, 1);
});

test.run();
