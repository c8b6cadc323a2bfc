import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Order } from '../../../src/domain/model/order.js';
import { parseShopifyOrder } from '../../../src/adapters/shopify/parse-shopify-order.js';

const bag = (shop: string, presentment = shop, sc = 'EUR', pc = sc): unknown => ({
  shopMoney: { amount: shop, currencyCode: sc },
  presentmentMoney: { amount: presentment, currencyCode: pc },
});
const address = {
  name: 'Ada L',
  company: null,
  address1: 'Main 1',
  address2: null,
  city: 'Bern',
  province: null,
  zip: '3000',
  countryCodeV2: 'CH',
  phone: null,
};
const line = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'gid://shopify/LineItem/1',
  title: 'Shirt',
  quantity: 2,
  sku: 'SH-1',
  isGiftCard: false,
  variant: { id: 'gid://shopify/ProductVariant/1' },
  product: { id: 'gid://shopify/Product/1' },
  originalUnitPriceSet: bag('10.00'),
  totalDiscountSet: bag('0.00'),
  ...over,
});
const order = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'gid://shopify/Order/1',
  name: '#1001',
  createdAt: '2026-11-20T10:00:00Z',
  updatedAt: '2026-11-20T11:00:00Z',
  test: false,
  currencyCode: 'EUR',
  presentmentCurrencyCode: 'EUR',
  email: 'ada@example.com',
  customer: {
    id: 'gid://shopify/Customer/1',
    firstName: 'Ada',
    lastName: 'L',
    defaultEmailAddress: { emailAddress: 'ada@example.com' },
  },
  shippingAddress: address,
  billingAddress: address,
  lineItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [line()] },
  subtotalPriceSet: bag('20.00'),
  totalDiscountsSet: bag('0.00'),
  totalShippingPriceSet: bag('5.00'),
  totalTaxSet: bag('1.50'),
  totalPriceSet: bag('25.00'),
  displayFinancialStatus: 'PAID',
  displayFulfillmentStatus: 'UNFULFILLED',
  cancelledAt: null,
  cancelReason: null,
  refunds: [],
  ...over,
});

const valid: [string, Record<string, unknown>, (o: Order) => void][] = [
  [
    'a plain order',
    order(),
    (o) => {
      assert.is(o.lineItems[0]?.variantId, 'gid://shopify/ProductVariant/1');
      assert.equal(o.total, {
        shop: { amount: '25.00', currencyCode: 'EUR' },
        presentment: { amount: '25.00', currencyCode: 'EUR' },
      });
      assert.is(o.customer?.email, 'ada@example.com');
      assert.is(o.shippingAddress?.countryCode, 'CH');
    },
  ],
  [
    'a custom line item (no variant, no product, no sku)',
    order({ lineItems: { nodes: [line({ variant: null, product: null, sku: null })] } }),
    (o) => {
      assert.is(o.lineItems[0]?.variantId, null);
      assert.is(o.lineItems[0]?.productId, null);
      assert.is(o.lineItems[0]?.sku, null);
    },
  ],
  [
    'a deleted product (variant and product null, sku kept)',
    order({ lineItems: { nodes: [line({ variant: null, product: null })] } }),
    (o) => {
      assert.is(o.lineItems[0]?.sku, 'SH-1');
      assert.is(o.lineItems[0]?.productId, null);
    },
  ],
  [
    'a gift card',
    order({ lineItems: { nodes: [line({ isGiftCard: true, variant: null })] } }),
    (o) => assert.is(o.lineItems[0]?.isGiftCard, true),
  ],
  [
    'a zero price line',
    order({ lineItems: { nodes: [line({ originalUnitPriceSet: bag('0.00') })] } }),
    (o) => assert.is(o.lineItems[0]?.unitPrice.shop.amount, '0.00'),
  ],
  [
    'discounts',
    order({
      totalDiscountsSet: bag('3.00'),
      lineItems: { nodes: [line({ totalDiscountSet: bag('3.00') })] },
    }),
    (o) => {
      assert.is(o.totalDiscounts.shop.amount, '3.00');
      assert.is(o.lineItems[0]?.totalDiscount.shop.amount, '3.00');
    },
  ],
  [
    'multi-currency (shop EUR, customer USD)',
    order({ presentmentCurrencyCode: 'USD', totalPriceSet: bag('25.00', '27.10', 'EUR', 'USD') }),
    (o) => {
      assert.is(o.presentmentCurrencyCode, 'USD');
      assert.equal(o.total.presentment, { amount: '27.10', currencyCode: 'USD' });
    },
  ],
  [
    'no customer, no addresses, no email',
    order({ customer: null, shippingAddress: null, billingAddress: null, email: null }),
    (o) => {
      assert.is(o.customer, null);
      assert.is(o.shippingAddress, null);
      assert.is(o.email, null);
    },
  ],
  [
    'a customer without an email address',
    order({
      customer: {
        id: 'gid://shopify/Customer/2',
        firstName: null,
        lastName: null,
        defaultEmailAddress: null,
      },
    }),
    (o) => assert.is(o.customer?.email, null),
  ],
  [
    'null subtotal/tax/discounts read as zero',
    order({ subtotalPriceSet: null, totalTaxSet: null, totalDiscountsSet: null }),
    (o) => assert.is(o.totalTax.shop.amount, '0.00'),
  ],
  [
    'cancelled and refunded',
    order({
      cancelledAt: '2026-11-21T00:00:00Z',
      cancelReason: 'CUSTOMER',
      refunds: [
        {
          id: 'gid://shopify/Refund/1',
          createdAt: '2026-11-21T00:00:00Z',
          totalRefundedSet: bag('25.00'),
        },
      ],
    }),
    (o) => {
      assert.is(o.cancelReason, 'CUSTOMER');
      assert.is(o.refunds[0]?.total.shop.amount, '25.00');
    },
  ],
];

function expectOrder(raw: unknown): Order {
  const parsed = parseShopifyOrder(raw);
  if (!parsed.ok) throw new Error(`expected a valid order, got ${parsed.error.reason}`);
  assert.is(parsed.value.raw, raw, 'the raw order is kept for audit');
  return parsed.value.order;
}

for (const [name, raw, check] of valid) test(`parses ${name}`, () => check(expectOrder(raw)));

const invalid: [string, unknown, string, string][] = [
  ['not an object', 'hello', '', 'order'],
  ['no id', order({ id: undefined }), '', 'id'],
  ['a bad date', order({ updatedAt: 'yesterday' }), 'gid://shopify/Order/1', 'updatedAt'],
  [
    'money as a float',
    order({
      totalPriceSet: {
        shopMoney: { amount: 25, currencyCode: 'EUR' },
        presentmentMoney: { amount: '25.00', currencyCode: 'EUR' },
      },
    }),
    'gid://shopify/Order/1',
    'totalPriceSet.shopMoney.amount',
  ],
  [
    'a missing money bag',
    order({ totalShippingPriceSet: null }),
    'gid://shopify/Order/1',
    'totalShippingPriceSet',
  ],
  [
    'a fractional quantity',
    order({ lineItems: { nodes: [line({ quantity: 1.5 })] } }),
    'gid://shopify/Order/1',
    'lineItems.nodes.0.quantity',
  ],
  [
    'line items not a list',
    order({ lineItems: { nodes: null } }),
    'gid://shopify/Order/1',
    'lineItems.nodes',
  ],
  [
    'a bad currency code',
    order({ lineItems: { nodes: [line({ originalUnitPriceSet: bag('1.00', '1.00', 'euro') })] } }),
    'gid://shopify/Order/1',
    'lineItems.nodes.0.originalUnitPriceSet.shopMoney.currencyCode',
  ],
];
for (const [name, raw, id, field] of invalid) {
  test(`rejects ${name} with a RecordError naming the order and the field`, () => {
    const parsed = parseShopifyOrder(raw);
    assert.is(parsed.ok, false);
    if (parsed.ok) return;
    assert.is(parsed.error.entity, 'order');
    assert.is(parsed.error.externalId, id);
    assert.is(parsed.error.field, field);
    if (id) assert.match(parsed.error.reason, id);
    assert.is(parsed.error.payload, raw);
  });
}

test('property: never throws; always a valid Order or a RecordError (arbitrary JSON)', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (raw) => {
      const parsed = parseShopifyOrder(raw);
      if (parsed.ok) assert.type(parsed.value.order.shopifyId, 'string');
      else assert.is(parsed.error.entity, 'order');
    }),
    { numRuns: 500 },
  );
});

test('property: a valid order with any one field replaced still parses or is a RecordError naming that order', () => {
  const base = order();
  const keys = Object.keys(base);
  fc.assert(
    fc.property(
      fc.constantFrom(...keys),
      fc.oneof(fc.jsonValue(), fc.constant(undefined)),
      (key, value) => {
        const parsed = parseShopifyOrder({ ...base, [key]: value });
        if (parsed.ok) {
          const o = parsed.value.order;
          assert.ok(o.lineItems.every((l) => /^-?\d+(\.\d+)?$/.test(l.unitPrice.shop.amount)));
          assert.ok(!Number.isNaN(Date.parse(o.updatedAt)));
        } else if (key !== 'id') {
          assert.is(parsed.error.externalId, 'gid://shopify/Order/1');
          assert.ok(parsed.error.field?.length);
        }
      },
    ),
    { numRuns: 500 },
  );
});

test.run();
