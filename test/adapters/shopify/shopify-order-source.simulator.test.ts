import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Order } from '../../../src/domain/model/order.js';
import { createShopifyOrderSource } from '../../../src/adapters/shopify/shopify-order-source.js';
import { at, collect, useOrderShop } from '../../support/simulated-order-shop.js';
import { createTestLogger } from './support/test-logger.js';

const shop = useOrderShop(test);

test('pages through orders updated since a cursor, oldest first, completing a large order', async () => {
  shop.sim.orders.clear();
  shop.sim.orders.seed(5, (i) => ({ updatedAt: at(i), createdAt: at(i) })); // before the cursor
  shop.sim.orders.seed(23, (i) => ({ updatedAt: at(100 + i), createdAt: at(100 + i) }));
  const big = shop.sim.orders.create({
    name: '#BIG',
    createdAt: at(110),
    updatedAt: at(110),
    presentmentCurrencyCode: 'USD',
    customer: null,
    shippingAddress: null,
    lineItems: Array.from({ length: 12 }, (_, i) => ({
      title: `Item ${i}`,
      quantity: 1 + i,
      unitPrice: { shop: '10.00', presentment: '11.00' },
      sku: `SKU${i}`,
    })),
  });

  const source = createShopifyOrderSource({
    client: shop.client(),
    logger: createTestLogger(),
    pageSize: 10,
    lineItemsPageSize: 5,
    extraLineItemsPageSize: 4,
  });
  shop.sim.resetCounters();
  const pages = await collect(source.ordersUpdatedSince(at(100)));
  const counters = shop.sim.counters();

  assert.equal(
    pages.map((p) => p.orders.length),
    [10, 10, 4],
  );
  const orders = pages.flatMap((p) => p.orders).map((o) => (o.ok ? o.value.order : null));
  assert.ok(
    orders.every((o): o is Order => o !== null),
    'every order parsed',
  );
  const list = orders;
  assert.is(list.length, 24);
  const times = list.map((o) => Date.parse(o.updatedAt));
  assert.equal(
    times,
    [...times].sort((a, b) => a - b),
    'oldest updatedAt first',
  );
  assert.ok(times.every((t) => t >= Date.parse(at(100))));
  assert.equal(
    pages.map((p) => p.maxUpdatedAt && Date.parse(p.maxUpdatedAt)),
    pages.map((p) =>
      Math.max(...p.orders.map((o) => (o.ok ? Date.parse(o.value.order.updatedAt) : 0))),
    ),
  );

  const large = list.find((o) => o.shopifyId === big);
  assert.is(large?.lineItems.length, 12);
  assert.equal(
    large?.lineItems.map((l) => l.sku),
    Array.from({ length: 12 }, (_, i) => `SKU${i}`),
  );
  assert.is(large?.customer, null);
  assert.is(large?.presentmentCurrencyCode, 'USD');
  assert.equal(large?.lineItems[0]?.unitPrice, {
    shop: { amount: '10.00', currencyCode: 'EUR' },
    presentment: { amount: '11.00', currencyCode: 'USD' },
  });
  // 3 order pages + 2 follow-ups (items 6-9, 10-12) for the large order.
  assert.is(counters.rootFields['orders'], 3);
  assert.is(counters.rootFields['order'], 2);
  console.log(
    `  orders: ${counters.requests} requests, ${counters.costSpent} points actually spent for 24 orders (${(counters.costSpent / 3).toFixed(0)} per page incl. follow-ups)`,
  );
});

test('refunds and cancellations bump updatedAt and come back on the next read', async () => {
  shop.sim.orders.clear();
  const [id] = shop.sim.orders.seed(1, () => ({ updatedAt: at(0), createdAt: at(0) }));
  const source = createShopifyOrderSource({ client: shop.client(), logger: createTestLogger() });
  const first = await collect(source.ordersUpdatedSince(at(0)));
  const cursor = first[0]?.maxUpdatedAt ?? '';
  shop.sim.orders.refund(id ?? '');
  shop.sim.orders.cancel(id ?? '');
  const second = (await collect(source.ordersUpdatedSince(cursor))).flatMap((p) => p.orders);
  const order = second[0]?.ok ? second[0].value.order : null;
  assert.ok(order?.cancelledAt);
  assert.is(order?.refunds.length, 1);
  assert.ok(Date.parse(order?.updatedAt ?? '') >= Date.parse(cursor));
});

test('an empty window yields one empty page with a null maxUpdatedAt', async () => {
  shop.sim.orders.clear();
  const source = createShopifyOrderSource({ client: shop.client(), logger: createTestLogger() });
  assert.equal(await collect(source.ordersUpdatedSince(at(0))), [
    { orders: [], maxUpdatedAt: null },
  ]);
});

test.run();
