/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   test-client answers are response trees read field by field */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { createTestClient } from './test-client.js';
import { useShopifySimulator } from '../../support/use-simulators.js';

const sim = useShopifySimulator(test, { currencyCode: 'EUR' });
let gql: ReturnType<typeof createTestClient>;
test.before(async () => {
  gql = createTestClient(sim);
});

const CREATE = `mutation($order: OrderCreateOrderInput!) {
  orderCreate(order: $order) { order { id test currencyCode cancelledAt
    lineItems(first: 5) { nodes { title sku quantity originalUnitPriceSet { shopMoney { amount currencyCode } } } } }
    userErrors { field code } } }`;
const CANCEL = `mutation($id: ID!) {
  orderCancel(orderId: $id, reason: OTHER, restock: false) { job { done } orderCancelUserErrors { field code } } }`;
const line = (currencyCode: string) => ({
  title: 'Item',
  sku: 'SKU-1',
  quantity: 2,
  priceSet: { shopMoney: { amount: '12.50', currencyCode } },
});

test('orderCreate makes a readable test order with its lines in the shop currency', async () => {
  const r = await gql(CREATE, { order: { test: true, lineItems: [line('EUR')] } });
  assert.equal(r.body.data.orderCreate.userErrors, []);
  const order = r.body.data.orderCreate.order as Record<string, unknown> & {
    lineItems: { nodes: unknown[] };
  };
  assert.is(order.test, true);
  assert.is(order.currencyCode, 'EUR');
  assert.equal(order.lineItems.nodes, [
    {
      title: 'Item',
      sku: 'SKU-1',
      quantity: 2,
      originalUnitPriceSet: { shopMoney: { amount: '12.50', currencyCode: 'EUR' } },
    },
  ]);
});

test('orderCreate refuses a price in another currency, no line items and a zero quantity', async () => {
  const r = await gql(CREATE, {
    order: { lineItems: [line('USD'), { ...line('EUR'), quantity: 0 }] },
  });
  assert.is(r.body.data.orderCreate.order, null);
  assert.equal(
    (r.body.data.orderCreate.userErrors as { field: string[] }[]).map((e) => e.field.join('.')),
    ['order.lineItems.0.priceSet.shopMoney.currencyCode', 'order.lineItems.1.quantity'],
  );
  const empty = await gql(CREATE, { order: { lineItems: [] } });
  assert.equal(empty.body.data.orderCreate.userErrors, [
    { field: ['order', 'lineItems'], code: 'INVALID' },
  ]);
  assert.is(sim.orders.list().length, 1, 'only the first test made an order');
});

test('orderCancel cancels once; a second cancellation and an unknown order are refused', async () => {
  const [order] = sim.orders.list();
  const id = `gid://shopify/Order/${order?.num}`;
  const first = await gql(CANCEL, { id });
  assert.equal(first.body.data.orderCancel, { job: { done: true }, orderCancelUserErrors: [] });
  assert.ok(sim.orders.get(id)?.cancelledAt);
  const again = await gql(CANCEL, { id });
  assert.equal(again.body.data.orderCancel.orderCancelUserErrors, [
    { field: ['orderId'], code: 'INVALID' },
  ]);
  const unknown = await gql(CANCEL, { id: 'gid://shopify/Order/999999' });
  assert.equal(unknown.body.data.orderCancel.orderCancelUserErrors, [
    { field: ['orderId'], code: 'NOT_FOUND' },
  ]);
});

test.run();
