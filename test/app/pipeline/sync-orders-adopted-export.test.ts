/**
 * An adopted export older than the last full read never sends API X an older version of an
 * order. Shopify's updatedAt has whole seconds: order X is created at 12:00:00 and cancelled at
 * 12:00:00.600 under the same stamp. A run that dies at 12:00:00 leaves a bulk export holding X
 * uncancelled; run 1 (12:00:01.500) reads X cancelled and sends it; run 2 (12:00:40) adopts the
 * dead run's export. Its copy of X has X's stamp and other content: were it stored, it would go
 * to API X as an update, and no later run would read X again (stored at its stamp, read a second
 * after it), so API X would keep the uncancelled order. The in-memory store stands for Postgres.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSyncOrdersPipeline } from '../../../src/app/pipeline/sync-orders.js';
import type { Order } from '../../../src/domain/model/order.js';
import type { OrderPage } from '../../../src/domain/ports/order-source.js';
import { createFakeOrderSink } from '../../support/fakes/order-sink.js';
import { createFakeOrderSource, pageOf } from '../../support/fakes/order-source.js';
import { createInMemoryOrderStore } from '../../support/fakes/order-store.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { SYNC_ORDERS_TEST_OPTIONS } from '../../support/fakes/sync-orders-options.js';
import { minimalOrder } from '../../support/minimal-order.js';

const STAMP = '2026-11-30T12:00:00.000Z';
const x = (over: Partial<Order> = {}): Order =>
  minimalOrder({ shopifyId: 'gid://shopify/Order/1', createdAt: STAMP, updatedAt: STAMP, ...over });

test('an export created before the last full read does not send the older copy, and API X keeps the last', async () => {
  const pages: OrderPage[] = [pageOf([x({ cancelledAt: STAMP })])];
  const shopify = createFakeOrderSource({ pages });
  let now = new Date('2026-11-30T12:00:01.500Z');
  const box = createInMemoryOrderStore(() => now);
  const api = createFakeOrderSink();
  const run = createSyncOrdersPipeline({
    shop: 'shop.myshopify.com',
    source: shopify.source,
    store: box.store,
    sink: api.sink,
    now: () => now,
  });

  await run(fakeStepContext('run-1').ctx, SYNC_ORDERS_TEST_OPTIONS);
  assert.equal(
    api.calls.map((c) => c.kind),
    ['create'],
  );

  // Run 2 adopts the export the dead run created at 12:00:00 (X uncancelled).
  pages[0] = { ...pageOf([x()]), readFrom: STAMP };
  now = new Date('2026-11-30T12:00:40.000Z');
  const adopted = await run(fakeStepContext('run-2').ctx, SYNC_ORDERS_TEST_OPTIONS);
  assert.is(adopted.fetched.changed, 0);
  assert.equal(
    api.calls.map((c) => c.kind),
    ['create'],
    'the older copy was not sent',
  );

  // Run 3 reads Shopify as it is: X is trusted as stored (read a second after its stamp).
  pages[0] = pageOf([x({ cancelledAt: STAMP })]);
  now = new Date('2026-11-30T12:05:00.000Z');
  await run(fakeStepContext('run-3').ctx, SYNC_ORDERS_TEST_OPTIONS);
  assert.equal(
    api.calls.map((c) => c.kind),
    ['create'],
  );
  const held = box.orders.get(x().shopifyId);
  assert.is(held?.order.cancelledAt, STAMP, 'the cancellation is what is stored');
  assert.is(held?.state, 'pushed');
});

test.run();
