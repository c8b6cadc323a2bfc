/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call --
   these tests walk Shopify's JSON answers as untyped trees; the assertions are the type check. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { createManualClock, createTestClient } from './test-client.js';
import { useShopifySimulator } from '../../support/use-simulators.js';

const clock = createManualClock(Date.parse('2026-11-25T07:00:00Z'));
const sim = useShopifySimulator(test, {
  now: clock.now,
  currencyCode: 'EUR',
  enabledPresentmentCurrencies: ['EUR', 'USD'],
  bucketSize: 100_000,
  restoreRate: 100_000,
});
let gql: ReturnType<typeof createTestClient>;

const ORDERS = `query($after: String, $q: String) {
  orders(first: 250, after: $after, query: $q, sortKey: UPDATED_AT) {
    edges { cursor node { id name updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function all(query: string): Promise<{ id: string; updatedAt: string }[]> {
  const out: { id: string; updatedAt: string }[] = [];
  let after: string | null = null;
  for (;;) {
    const r = await gql(ORDERS, { after, q: query });
    assert.is(r.body.errors, undefined, JSON.stringify(r.body.errors));
    const page = r.body.data.orders;
    out.push(...page.edges.map((e: { node: { id: string; updatedAt: string } }) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

test.before(async () => {
  gql = createTestClient(sim);
});

test('updated_at filter and pagination stay exact when hundreds of orders share one timestamp', async () => {
  clock.set(Date.parse('2026-11-25T06:00:00Z'));
  const old = sim.orders.seed(10);
  clock.set(Date.parse('2026-11-25T07:00:00Z'));
  const tied = sim.orders.seed(600); // all share 07:00:00
  clock.set(Date.parse('2026-11-25T07:00:01Z'));
  const later = sim.orders.seed(5);

  const since = await all("updated_at:>='2026-11-25T07:00:00Z'");
  assert.is(since.length, 605);
  assert.equal(new Set(since.map((o) => o.id)).size, 605);
  assert.equal(
    since.map((o) => o.id),
    [...tied, ...later],
  );
  assert.ok(since.every((o, i) => i === 0 || since[i - 1]!.updatedAt <= o.updatedAt));

  const before = await all("updated_at:<'2026-11-25T07:00:00Z'");
  assert.equal(
    before.map((o) => o.id),
    old,
  );
  const window = await all(
    "updated_at:>'2026-11-25T06:00:00Z' AND updated_at:<='2026-11-25T07:00:00Z' AND test:false",
  );
  assert.is(window.length, 600);
});

test('a refund, cancellation, fulfilment or edit moves an order past the cursor of a previous run', async () => {
  clock.set(Date.parse('2026-11-25T08:00:00Z'));
  const ids = sim.orders.seed(4, () => ({ test: false }));
  clock.set(Date.parse('2026-11-25T08:05:00Z'));
  sim.orders.refund(ids[0]!, '3.00');
  sim.orders.cancel(ids[1]!, 'FRAUD');
  sim.orders.fulfil(ids[2]!);
  sim.orders.edit(ids[3]!, { note: 'gift wrap' });
  const moved = await all("updated_at:>='2026-11-25T08:05:00Z'");
  assert.equal(
    moved.map((o) => o.id),
    ids,
  );
  const r = await gql(
    `{ order(id: "${ids[0]}") { displayFinancialStatus refunds { id createdAt totalRefundedSet { shopMoney { amount currencyCode } } } } }`,
  );
  assert.equal(r.body.data.order.displayFinancialStatus, 'PARTIALLY_REFUNDED');
  assert.is(r.body.data.order.refunds[0].totalRefundedSet.shopMoney.amount, '3.00');
  const c = await gql(`{ order(id: "${ids[1]}") { cancelledAt cancelReason updatedAt } }`);
  assert.equal(c.body.data.order, {
    cancelledAt: '2026-11-25T08:05:00Z',
    cancelReason: 'FRAUD',
    updatedAt: '2026-11-25T08:05:00Z',
  });
});

test('an order with everything: customer email, addresses, money sets, custom and deleted items, paginated line items', async () => {
  sim.state.defineCustomId('PRODUCT', 'sync', 'external_id');
  const [productId] = sim.state.seedProducts(1, () => ({ title: 'Mug' }));
  const [doomedId] = sim.state.seedProducts(1, () => ({ title: 'Doomed' }));
  const mug = sim.state.product(productId!)!;
  const doomed = sim.state.product(doomedId!)!;
  const id = sim.orders.create({
    email: 'ann@example.com',
    customer: { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com' },
    shippingAddress: {
      name: 'Ann Lee',
      address1: 'Main 1',
      city: 'Bern',
      zip: '3000',
      countryCode: 'CH',
    },
    presentmentCurrencyCode: 'USD',
    shipping: { shop: '5.00', presentment: '5.50' },
    tax: '2.00',
    lineItems: [
      {
        title: 'Mug',
        quantity: 2,
        unitPrice: { shop: '10.00', presentment: '11.00' },
        discount: '4.00',
        variantId: mug.variants[0]!.id,
        productId: mug.id,
        sku: 'MUG',
      },
      { title: 'Engraving', quantity: 1, unitPrice: '3.00' },
      { title: 'Gift card', quantity: 1, unitPrice: '25.00', isGiftCard: true },
      { title: 'Sample', quantity: 1, unitPrice: '0.00' },
      { title: 'Doomed', quantity: 1, unitPrice: '1.00', variantId: doomed.variants[0]!.id },
    ],
  });
  await gql(`mutation { productDelete(input: {id: "${doomed.id}"}) { deletedProductId } }`);
  const q = `query($id: ID!, $after: String) { order(id: $id) {
    email currencyCode presentmentCurrencyCode test
    customer { defaultEmailAddress { emailAddress } }
    shippingAddress { city zip countryCodeV2 } billingAddress { city }
    subtotalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
    totalPriceSet { shopMoney { amount } }
    totalShippingPriceSet { presentmentMoney { amount } }
    totalDiscountsSet { shopMoney { amount } }
    lineItems(first: 2, after: $after) {
      nodes { title quantity sku isGiftCard variant { id } product { id } originalUnitPriceSet { shopMoney { amount } presentmentMoney { amount } } totalDiscountSet { shopMoney { amount } } }
      pageInfo { hasNextPage endCursor }
    }
  } }`;
  const first = await gql(q, { id });
  const o = first.body.data.order;
  assert.is(o.customer.defaultEmailAddress.emailAddress, 'ann@example.com');
  assert.equal(o.shippingAddress, { city: 'Bern', zip: '3000', countryCodeV2: 'CH' });
  assert.is(o.billingAddress, null);
  assert.equal(o.subtotalPriceSet, {
    shopMoney: { amount: '45.00', currencyCode: 'EUR' },
    presentmentMoney: { amount: '47.00', currencyCode: 'USD' },
  });
  assert.is(o.totalPriceSet.shopMoney.amount, '52.00');
  assert.is(o.totalShippingPriceSet.presentmentMoney.amount, '5.50');
  assert.is(o.totalDiscountsSet.shopMoney.amount, '4.00');
  assert.equal(o.lineItems.nodes[0].variant, { id: mug.variants[0]!.id });
  assert.is(o.lineItems.nodes[1].variant, null);
  assert.is(o.lineItems.pageInfo.hasNextPage, true);
  const lines = [...o.lineItems.nodes];
  let after = o.lineItems.pageInfo.endCursor as string;
  for (;;) {
    const r = await gql(q, { id, after });
    lines.push(...r.body.data.order.lineItems.nodes);
    if (!r.body.data.order.lineItems.pageInfo.hasNextPage) break;
    after = r.body.data.order.lineItems.pageInfo.endCursor;
  }
  assert.equal(
    lines.map((l: { title: string }) => l.title),
    ['Mug', 'Engraving', 'Gift card', 'Sample', 'Doomed'],
  );
  assert.is(lines[2].isGiftCard, true);
  assert.is(lines[3].originalUnitPriceSet.shopMoney.amount, '0.00');
  assert.equal([lines[4].variant, lines[4].product], [null, null]);
});

test('orders sorted by CREATED_AT and ID, reverse, and test orders filtered out', async () => {
  clock.set(Date.parse('2026-11-26T00:00:00Z'));
  const a = sim.orders.create({ lineItems: [], test: true, createdAt: '2026-11-20T00:00:00Z' });
  const r = await gql('{ orders(first: 1, sortKey: CREATED_AT) { nodes { id } } }');
  assert.is(r.body.data.orders.nodes[0].id, a);
  const t = await gql('{ orders(first: 250, query: "test:true") { nodes { id } } }');
  assert.equal(t.body.data.orders.nodes, [{ id: a }]);
  const rev = await gql(
    '{ orders(first: 2, sortKey: ID, reverse: true) { nodes { id } pageInfo { endCursor } } }',
  );
  assert.is(rev.body.data.orders.nodes[0].id, a);
  const next = await gql(
    `{ orders(first: 1, sortKey: ID, reverse: true, after: "${rev.body.data.orders.pageInfo.endCursor}") { nodes { id } } }`,
  );
  const all = sim.orders.list().map((o) => `gid://shopify/Order/${o.num}`);
  assert.is(next.body.data.orders.nodes[0].id, all[all.length - 3]);
});

test('orderDelete removes the order and leaves a destroy event that only `events` serves', async () => {
  const [id] = sim.orders.seed(1);
  const del = `mutation($id: ID!) { orderDelete(orderId: $id) { deletedId userErrors { field code } } }`;
  const r = await gql(del, { id });
  assert.equal(r.body.data.orderDelete, { deletedId: id, userErrors: [] });
  assert.is((await gql(`query($id: ID!) { order(id: $id) { id } }`, { id })).body.data.order, null);
  assert.ok(!(await all('')).some((o) => o.id === id));
  const again = await gql(del, { id });
  assert.equal(again.body.data.orderDelete.userErrors, [{ field: ['orderId'], code: 'NOT_FOUND' }]);

  const events = await gql(
    `query($q: String!) { events(first: 10, query: $q, sortKey: ID) { nodes { ... on BasicEvent { action subjectType subjectId } } } }`,
    { q: `action:'destroy' AND subject_type:'ORDER' AND created_at:>='2026-11-01T00:00:00Z'` },
  );
  assert.equal(events.body.data.events.nodes, [
    { action: 'destroy', subjectType: 'ORDER', subjectId: id },
  ]);
  const legacy = await gql(`{ deletionEvents(first: 10) { nodes { subjectId } } }`);
  assert.ok(
    !legacy.body.data.deletionEvents.nodes.some((n: { subjectId: string }) => n.subjectId === id),
  );
});

test.run();
