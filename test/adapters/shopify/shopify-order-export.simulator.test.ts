import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  assembleOrder,
  compareEntries,
  createOrderExport,
  lineItemOrder,
  pageSizes,
} from '../../../src/adapters/shopify/order-export.js';
import { sinceSearchTerm } from '../../../src/adapters/shopify/graphql-values.js';
import { createShopifyOrderSource } from '../../../src/adapters/shopify/shopify-order-source.js';
import type { Order } from '../../../src/domain/model/order.js';
import type { OrderPage } from '../../../src/domain/ports/order-source.js';
import { at, collect, useOrderShop } from '../../support/simulated-order-shop.js';
import { createTestLogger } from './support/test-logger.js';

const shop = useOrderShop(test, { bulkRowsPerSecond: 20_000 });

const parsed = (pages: readonly OrderPage[]) =>
  pages.flatMap((p) => p.orders).map((o) => (o.ok ? o.value.order : o.error));

/** A window with what makes orders hard: ties, a large order, refunds, cancellation, a custom item. */
function seedWindow(): { big: string } {
  shop.sim.orders.clear();
  shop.sim.orders.seed(3, (i) => ({ updatedAt: at(i), createdAt: at(i) })); // before the window
  shop.sim.orders.seed(20, (i) => ({
    updatedAt: at(100 + Math.floor(i / 3)), // three orders per timestamp
    createdAt: at(100),
    email: `b${i}@example.com`,
    customer:
      i % 4 === 0 ? null : { firstName: 'Ann', lastName: `N${i}`, email: `b${i}@example.com` },
    lineItems: Array.from({ length: 1 + (i % 4) }, (_, n) => ({
      title: `T${n}`,
      quantity: 1 + n,
      unitPrice: '9.50',
      sku: n === 2 ? null : `S${i}-${n}`,
    })),
  }));
  const big = shop.sim.orders.create({
    name: '#BIG',
    createdAt: at(103),
    updatedAt: at(103),
    presentmentCurrencyCode: 'USD',
    lineItems: Array.from({ length: 13 }, (_, i) => ({
      title: `Item ${i}`,
      quantity: 1,
      unitPrice: { shop: '10.00', presentment: '11.00' },
      sku: `BIG${i}`,
    })),
  });
  const [refunded, cancelled] = shop.sim.orders
    .list()
    .slice(5, 7)
    .map((o) => `gid://shopify/Order/${o.num}`);
  shop.sim.orders.refund(refunded ?? '', '5.00');
  shop.sim.orders.touch(refunded ?? '', at(104));
  shop.sim.orders.cancel(cancelled ?? '');
  shop.sim.orders.touch(cancelled ?? '', at(104));
  return { big };
}

test('the bulk export yields the same orders, parsed the same, in the same order as the pages', async () => {
  const { big } = seedWindow();
  const logger = createTestLogger();
  const paged = createShopifyOrderSource({
    client: shop.client(),
    logger,
    bulkThreshold: 0,
    pageSize: 4,
    lineItemsPageSize: 5,
    extraLineItemsPageSize: 4,
  });
  const bulk = createShopifyOrderSource({
    client: shop.client(),
    logger,
    bulkThreshold: 5,
    bulkPollIntervalMs: 20,
  });

  shop.sim.resetCounters();
  const viaPages = await collect(paged.ordersUpdatedSince(at(100)));
  const pagedCounters = shop.sim.counters();
  shop.sim.resetCounters();
  const viaBulk = await collect(bulk.ordersUpdatedSince(at(100)));
  const bulkCounters = shop.sim.counters();

  assert.is(pagedCounters.rootFields['bulkOperationRunQuery'], undefined);
  assert.ok(
    (pagedCounters.rootFields['order'] ?? 0) >= 1,
    'the large order needed follow-up pages',
  );
  assert.is(bulkCounters.rootFields['bulkOperationRunQuery'], 1);
  assert.is(bulkCounters.rootFields['orders'], undefined, 'no order pages on the bulk path');
  assert.is(bulkCounters.rootFields['ordersCount'], 1);

  const a = parsed(viaPages);
  const b = parsed(viaBulk);
  const key = (o: (typeof a)[number]) =>
    'shopifyId' in o ? `${o.shopifyId}@${o.updatedAt}:${o.lineItems.length}` : JSON.stringify(o);
  assert.equal(b.map(key), a.map(key));
  assert.is(a.length, 21);
  assert.equal(b, a);
  const large = b.find((o) => 'shopifyId' in o && o.shopifyId === big);
  assert.ok(
    large && 'lineItems' in large && large.lineItems.length === 13,
    'all 13 line items of the large order',
  );
  assert.equal(
    large && 'lineItems' in large ? large.lineItems.map((l) => l.sku) : [],
    Array.from({ length: 13 }, (_, i) => `BIG${i}`),
    'line items in their order',
  );

  // One page of up to 250; its maxUpdatedAt is the newest order's, as on the paginated path.
  assert.equal(
    viaBulk.map((p) => p.orders.length),
    [21],
  );
  assert.is(viaBulk[0]?.maxUpdatedAt, viaPages[viaPages.length - 1]?.maxUpdatedAt);
  console.log(
    `  pages: ${pagedCounters.requests} requests, ${pagedCounters.costSpent} points; bulk: ${bulkCounters.requests} requests, ${bulkCounters.costSpent} points`,
  );
});

test('broken text (a lone surrogate, a NUL) comes through the bulk export as through the pages: U+FFFD, named', async () => {
  shop.sim.orders.clear();
  const big = shop.sim.orders.create({
    createdAt: at(100),
    updatedAt: at(100),
    shippingAddress: { address1: 'Flat 3 \ud83c', city: 'Bern', countryCode: 'CH' },
    // Line 8 is read on a follow-up page (paged path) or as a child row (bulk).
    lineItems: Array.from({ length: 9 }, (_, i) => ({
      title: i === 8 ? `Mug\u0000` : `Item ${i}`,
      quantity: 1,
      unitPrice: '1.00',
    })),
  });
  shop.sim.orders.seed(5, (i) => ({ updatedAt: at(101 + i), createdAt: at(101) }));
  const logger = createTestLogger();
  const read = (bulkThreshold: number) =>
    collect(
      createShopifyOrderSource({
        client: shop.client(),
        logger,
        bulkThreshold,
        bulkPollIntervalMs: 20,
        pageSize: 4,
        lineItemsPageSize: 5,
        extraLineItemsPageSize: 4,
      }).ordersUpdatedSince(at(100)),
    );
  const fetched = (pages: readonly OrderPage[]) =>
    pages.flatMap((p) => p.orders).map((o) => (o.ok ? [o.value.order, o.value.repaired] : o.error));
  const viaPages = fetched(await read(0));
  shop.sim.resetCounters();
  const viaBulk = fetched(await read(2));
  assert.is(shop.sim.counters().rootFields['bulkOperationRunQuery'], 1);
  assert.is(viaPages.length, 6);
  assert.equal(viaBulk, viaPages);
  const [order, repaired] = viaPages[0] as [Order, unknown];
  assert.is(order.shopifyId, big);
  assert.is(order.shippingAddress?.address1, 'Flat 3 \ufffd');
  assert.is(order.lineItems[8]?.title, 'Mug\ufffd');
  assert.equal(repaired, [
    { field: 'shippingAddress.address1', at: 7, unit: '\\ud83c' },
    { field: 'lineItems.nodes.8.title', at: 3, unit: '\\u0000' },
  ]);
});

test('rows in any order (a child before its parent) reassemble the same orders', async () => {
  seedWindow();
  const logger = createTestLogger();
  // The download reversed: every line item row comes before its order's row.
  const reversing: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const text = await response.text();
    return new Response(text.trim().split('\n').reverse().join('\n') + '\n', {
      status: response.status,
    });
  };
  const straight = createShopifyOrderSource({
    client: shop.client(),
    logger,
    bulkThreshold: 1,
    bulkPollIntervalMs: 20,
  });
  const reversed = createShopifyOrderSource({
    client: shop.client(),
    logger,
    bulkThreshold: 1,
    bulkPollIntervalMs: 20,
    fetch: reversing,
  });
  const a = parsed(await collect(straight.ordersUpdatedSince(at(100))));
  const b = parsed(await collect(reversed.ordersUpdatedSince(at(100))));
  assert.is(a.length, 21);
  assert.equal(b, a);
});

test('a window below the threshold is read in pages; one at the threshold by bulk export', async () => {
  seedWindow();
  const logger = createTestLogger();
  for (const [threshold, expectBulk] of [
    [22, false],
    [21, true],
  ] as const) {
    shop.sim.resetCounters();
    const source = createShopifyOrderSource({
      client: shop.client(),
      logger,
      bulkThreshold: threshold,
      bulkPollIntervalMs: 20,
    });
    const orders = parsed(await collect(source.ordersUpdatedSince(at(100))));
    assert.is(orders.length, 21);
    assert.is(
      shop.sim.counters().rootFields['bulkOperationRunQuery'] === 1,
      expectBulk,
      `threshold ${threshold}`,
    );
  }
});

test('pageSizes: a small first page, then each twice the one before, up to the page size (table)', () => {
  const rows: [string, Parameters<typeof pageSizes>, number[]][] = [
    ['nothing to yield', [0, 50, 250], []],
    ['fewer than the first page', [21, 50, 250], [21]],
    ['the default ramp', [1000, 50, 250], [50, 100, 200, 250, 250, 150]],
    ['a first page larger than the page size', [600, 400, 250], [250, 250, 100]],
    ['a first page of 0 counts as 1', [4, 0, 2], [1, 2, 1]],
    ['one page size', [5, 2, 2], [2, 2, 1]],
  ];
  for (const [name, args, expected] of rows) assert.equal(pageSizes(...args), expected, name);
});

test('the bulk export yields its orders in the ramped pages, in the same order as one page', async () => {
  seedWindow();
  const read = async (sizes: { pageSize?: number; firstPageSize?: number }) =>
    collect(
      createOrderExport({
        client: shop.client(),
        logger: createTestLogger(),
        pollIntervalMs: 20,
        ...sizes,
      }).pages(sinceSearchTerm('updated_at', at(100))),
    );
  const ramped = await read({ pageSize: 8, firstPageSize: 2 });
  const whole = await read({});
  assert.equal(
    ramped.map((p) => p.orders.length),
    [2, 4, 8, 7],
  );
  assert.equal(parsed(ramped), parsed(whole));
  assert.is(ramped[ramped.length - 1]?.maxUpdatedAt, whole[0]?.maxUpdatedAt);
});

test('reassembly and sort order (table)', () => {
  const rows: [string, Parameters<typeof compareEntries>, number][] = [
    [
      'older first',
      [
        { updatedAt: 1, num: 9 },
        { updatedAt: 2, num: 1 },
      ],
      -1,
    ],
    [
      'ties by id',
      [
        { updatedAt: 5, num: 2 },
        { updatedAt: 5, num: 10 },
      ],
      -1,
    ],
    [
      'same',
      [
        { updatedAt: 5, num: 2 },
        { updatedAt: 5, num: 2 },
      ],
      0,
    ],
    [
      'newer last',
      [
        { updatedAt: 7, num: 1 },
        { updatedAt: 5, num: 2 },
      ],
      1,
    ],
  ];
  for (const [name, [a, b], sign] of rows) assert.is(Math.sign(compareEntries(a, b)), sign, name);
  assert.equal(
    lineItemOrder([100, 10, 7, 0, 20, 3, 50, 5, 5]),
    [
      [0, 20],
      [50, 5],
      [100, 10],
    ],
    'line items by id, wherever their rows were',
  );
  assert.equal(
    assembleOrder({ id: 'o1', name: '#1' }, [{ id: 'l1', __parentId: 'o1', sku: 'A' }]),
    {
      id: 'o1',
      name: '#1',
      lineItems: {
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes: [{ id: 'l1', sku: 'A' }],
      },
    },
  );
});

test.run();
