import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Order } from '../../../src/domain/model/order.js';
import { parseShopifyOrder } from '../../../src/adapters/shopify/parse-shopify-order.js';
import { describeUnstorable, unstorableAt } from '../../../src/domain/storable-text.js';

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

// Text PostgreSQL cannot store (storable-text.ts): text people typed goes on with U+FFFD in its
// place and is named in `repaired`; ids, codes and dates hold the order back, named.
const broken: [name: string, suffix: string, unit: string, replaced: string][] = [
  ['a lone high surrogate (a cut emoji)', '\ud83c', '\\ud83c', '\ufffd'],
  ['a lone low surrogate', '\udfe0', '\\udfe0', '\ufffd'],
  ['a reversed pair', '\udfe0\ud83c', '\\udfe0', '\ufffd\ufffd'],
  ['a NUL', '\u0000', '\\u0000', '\ufffd'],
];

/** `raw` with `suffix` after the string at `path` (dot-separated), and that string's length. */
function withSuffix(raw: Record<string, unknown>, path: string, suffix: string) {
  const copy = structuredClone(raw);
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let parent: Record<string, unknown> = copy;
  for (const key of keys) parent = parent[key] as Record<string, unknown>;
  const text = String(parent[last]);
  parent[last] = `${text}${suffix}`;
  return { copy, at: text.length };
}

/** An order with every optional part present, so every string field the parser reads is set. */
const full = order({
  cancelledAt: '2026-11-21T00:00:00Z',
  cancelReason: 'CUSTOMER',
  shippingAddress: {
    ...address,
    company: 'ACME',
    address2: 'Flat 3',
    province: 'BE',
    phone: '+41',
  },
  billingAddress: { ...address, company: 'ACME', address2: 'Flat 3', province: 'BE', phone: '+41' },
  refunds: [
    {
      id: 'gid://shopify/Refund/1',
      createdAt: '2026-11-21T00:00:00Z',
      totalRefundedSet: bag('1.00'),
    },
  ],
});

const textFields: [path: string, read: (o: Order) => string | null | undefined][] = [
  ['name', (o) => o.name],
  ['email', (o) => o.email],
  ['customer.firstName', (o) => o.customer?.firstName],
  ['customer.lastName', (o) => o.customer?.lastName],
  ['customer.defaultEmailAddress.emailAddress', (o) => o.customer?.email],
  ...(['shippingAddress', 'billingAddress'] as const).flatMap((a) =>
    (
      [
        ['name', 'name'],
        ['company', 'company'],
        ['address1', 'address1'],
        ['address2', 'address2'],
        ['city', 'city'],
        ['province', 'province'],
        ['zip', 'zip'],
        ['countryCodeV2', 'countryCode'],
        ['phone', 'phone'],
      ] as const
    ).map(([key, field]): [string, (o: Order) => string | null | undefined] => [
      `${a}.${key}`,
      (o) => o[a]?.[field],
    ]),
  ),
  ['lineItems.nodes.0.title', (o) => o.lineItems[0]?.title],
  ['lineItems.nodes.0.sku', (o) => o.lineItems[0]?.sku],
  ['displayFinancialStatus', (o) => o.financialStatus],
  ['displayFulfillmentStatus', (o) => o.fulfillmentStatus],
  ['cancelReason', (o) => o.cancelReason],
];

for (const [path, read] of textFields)
  for (const [name, suffix, unit, replaced] of broken)
    test(`text: ${name} in ${path} becomes U+FFFD, named with its position`, () => {
      const { copy, at } = withSuffix(full, path, suffix);
      const parsed = parseShopifyOrder(copy);
      if (!parsed.ok) throw new Error(`expected a valid order, got ${parsed.error.reason}`);
      assert.is(read(parsed.value.order), `${read(expectOrder(full)) ?? ''}${replaced}`);
      assert.equal(parsed.value.repaired, [{ field: path, at, unit }]);
      assert.is(parsed.value.raw, copy, "Shopify's document is kept as sent");
    });

test('text: a whole surrogate pair is text, kept and not named', () => {
  const { copy } = withSuffix(full, 'shippingAddress.address1', '\ud83c\udfe0');
  const parsed = parseShopifyOrder(copy);
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  assert.is(parsed.value.order.shippingAddress?.address1, 'Main 1\ud83c\udfe0');
  assert.is(parsed.value.repaired, undefined);
});

const exactFields = [
  'id',
  'customer.id',
  'lineItems.nodes.0.id',
  'lineItems.nodes.0.variant.id',
  'lineItems.nodes.0.product.id',
  'refunds.0.id',
  'createdAt',
  'updatedAt',
  'cancelledAt',
  'refunds.0.createdAt',
  'currencyCode',
  'presentmentCurrencyCode',
];

for (const path of exactFields)
  for (const [name, suffix, unit] of broken)
    test(`exact: ${name} in ${path} holds the order back, named with field and position`, () => {
      const { copy, at } = withSuffix(full, path, suffix);
      const parsed = parseShopifyOrder(copy);
      assert.is(parsed.ok, false);
      if (parsed.ok) return;
      assert.is(parsed.error.field, path);
      assert.ok(
        parsed.error.reason.includes(describeUnstorable({ at, unit })),
        parsed.error.reason,
      );
      // The error itself is stored: its id and reason hold no unit PostgreSQL refuses.
      assert.is(unstorableAt(parsed.error.externalId), null);
      assert.is(unstorableAt(parsed.error.reason), null);
      assert.ok(parsed.error.externalId.startsWith('gid://shopify/Order/1'));
    });

test("exact: a broken order name in a held-back order's reason is shown as U+FFFD", () => {
  const raw = { ...withSuffix(full, 'name', '\u0000').copy, updatedAt: 'yesterday' };
  const parsed = parseShopifyOrder(raw);
  assert.is(parsed.ok, false);
  if (parsed.ok) return;
  assert.match(parsed.error.reason, '(#1001\ufffd): updatedAt');
});

/** Every string in `value` (keys too). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
}

test('property: whatever text any string field holds, the order is storable or held back with a storable error', () => {
  const units = fc.constantFrom('a', ' ', 'é', '🪑', '\ud83c', '\udfe0', '\u0000', '\\u0000');
  fc.assert(
    fc.property(
      fc.constantFrom(...textFields.map(([path]) => path), ...exactFields),
      fc.array(units, { maxLength: 6 }).map((u) => u.join('')),
      (path, suffix) => {
        const parsed = parseShopifyOrder(withSuffix(full, path, suffix).copy);
        const left = parsed.ok
          ? strings(parsed.value.order)
          : [parsed.error.externalId, parsed.error.reason, parsed.error.field ?? ''];
        assert.ok(
          left.every((text) => unstorableAt(text) === null),
          JSON.stringify(left),
        );
      },
    ),
    { numRuns: 500 },
  );
});

test.run();
