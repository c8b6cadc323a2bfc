/**
 * An order the deletion check found deleted before any run stored it stays out for good: a run
 * finds X's destroy event while X is not stored, then dies before its read stores X; a later run
 * reads an export that still holds X (the crashed run's, adopted: captured before the deletion)
 * while X's destroy event is behind the check's cursor, out of its window. X is neither stored
 * nor sent. The in-memory store stands for Postgres: what it holds outlives the crash.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSyncOrdersPipeline } from '../../../src/app/pipeline/sync-orders.js';
import { ORDER_DELETIONS_STREAM } from '../../../src/app/usecases/detect-deleted-orders.js';
import type { Order } from '../../../src/domain/model/order.js';
import type { OrderDestroyed, OrderSource } from '../../../src/domain/ports/order-source.js';
import { createFakeOrderSink } from '../../support/fakes/order-sink.js';
import { createFakeOrderSource, pageOf } from '../../support/fakes/order-source.js';
import { createInMemoryOrderStore } from '../../support/fakes/order-store.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { SYNC_ORDERS_TEST_OPTIONS } from '../../support/fakes/sync-orders-options.js';
import { minimalOrder } from '../../support/minimal-order.js';
import { rejectionOf } from '../../support/rejection-of.js';

const FIRST_RUN = new Date('2026-11-30T12:00:00Z');
const options = SYNC_ORDERS_TEST_OPTIONS;

const order = (n: number): Order =>
  minimalOrder({
    shopifyId: `gid://shopify/Order/${n}`,
    name: `#${1000 + n}`,
    updatedAt: new Date(FIRST_RUN.getTime() - (100 - n) * 60_000).toISOString(),
  });

const gone = order(1);
const kept = order(2);
/** X's destroy event: deleted five minutes before the first run, after the export captured it. */
const destroyed: OrderDestroyed = {
  id: gone.shopifyId,
  deletedAt: new Date(FIRST_RUN.getTime() - 5 * 60_000).toISOString(),
};

/**
 * Shopify as a run sees it: the export's page (X and Y, captured before X's deletion) and the
 * destroy events at or after the window asked for; `crash` breaks the read off before its page
 * is stored, as a killed process would.
 */
function shopify(options: { crash: boolean }): OrderSource {
  const { source } = createFakeOrderSource({ pages: [pageOf([gone, kept])] });
  return {
    ...source,
    async *ordersUpdatedSince(since, signal, known, unchanged) {
      if (options.crash) throw new Error('process killed');
      yield* source.ordersUpdatedSince(since, signal, known, unchanged);
    },
    async *deletedOrdersSince(since) {
      if (Date.parse(destroyed.deletedAt) >= Date.parse(since)) yield destroyed;
    },
  };
}

test('an order found deleted before it was stored is not stored nor sent by a later run that reads it', async () => {
  let now = FIRST_RUN;
  const box = createInMemoryOrderStore(() => now);
  const api = createFakeOrderSink();
  const pipeline = (crash: boolean) =>
    createSyncOrdersPipeline({
      shop: 'shop.myshopify.com',
      source: shopify({ crash }),
      store: box.store,
      sink: api.sink,
      now: () => now,
    });

  // Run 1: the check finds X deleted (X not stored: nothing to mark), then the read dies.
  const crashed = await rejectionOf(pipeline(true)(fakeStepContext().ctx, options));
  assert.is((crashed as Error).message, 'process killed');
  assert.is(box.cursors.get(ORDER_DELETIONS_STREAM), FIRST_RUN.toISOString());
  assert.is(box.orders.size, 0, 'nothing stored by the crashed run');
  assert.equal(
    box.tombstones.get(gone.shopifyId),
    { deletedAt: destroyed.deletedAt, foundAt: FIRST_RUN },
    'tombstoned: when Shopify deleted it, when the check found it',
  );

  // Run 2, an hour later: the destroy event is behind the check's cursor (window: the cursor
  // less ten minutes), but the export it reads still holds X.
  now = new Date(FIRST_RUN.getTime() + 3_600_000);
  const { ctx, lines } = fakeStepContext('run-2');
  const plan = await pipeline(false)(ctx, options);

  assert.is(plan.deleted.deleted, 0, "X's destroy event was not in the second run's window");
  assert.equal(
    api.calls.map((c) => c.shopifyId),
    [kept.shopifyId],
    'only Y was sent',
  );
  assert.is(box.orders.get(gone.shopifyId), undefined, 'X was not stored');
  assert.is(box.orders.get(kept.shopifyId)?.state, 'pushed');
  assert.is(plan.fetched.inserted, 1);
  assert.ok(
    lines().some((l) => /Shopify had deleted since: not stored, not sent/.test(l.message)),
    'the run says it left X out',
  );
});

test.run();
