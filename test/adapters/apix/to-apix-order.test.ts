import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toApixOrder } from '../../../src/adapters/apix/to-apix-order.js';
import { checkAgainst, loadContract } from '../../simulators/apix/contract-schema.js';
import { validateOrderBody } from '../../../simulators/apix/order-store.js';
import { sampleOrder } from './support.js';

const contract = loadContract();

test('maps every part of the order (table)', () => {
  const o = toApixOrder(sampleOrder());
  const rows: [string, unknown, unknown][] = [
    ['externalId is the Shopify order id', o.externalId, 'gid://shopify/Order/1001'],
    ['currency', [o.currency, o.presentmentCurrency], ['EUR', 'EUR']],
    ['email falls back to the customer', o.email, 'anna@example.com'],
    ['country code upper-cased', o.shippingAddress?.countryCode, 'DE'],
    [
      'address fields renamed',
      [o.shippingAddress?.line1, o.shippingAddress?.postalCode],
      ['Hauptstraße 1', '10115'],
    ],
    ['missing billing address stays null', o.billingAddress, null],
    ['blank SKU of a custom line becomes null', o.lines[1]?.sku, null],
    [
      'line money as pair',
      o.lines[0]?.unitPrice,
      {
        shop: { amount: '19.99', currency: 'EUR' },
        presentment: { amount: '19.99', currency: 'EUR' },
      },
    ],
    ['statuses lower-cased', [o.status.financial, o.status.fulfillment], ['paid', 'unfulfilled']],
    [
      'refunds oldest first',
      o.refunds.map((r) => r.externalId),
      ['gid://shopify/Refund/1', 'gid://shopify/Refund/2'],
    ],
    ['total', o.totals.total.shop.amount, '47.38'],
  ];
  for (const [name, actual, expected] of rows) assert.equal(actual, expected, name);
});

test('cancellation and explicit email are carried', () => {
  const o = toApixOrder(
    sampleOrder({
      email: 'own@example.com',
      cancelledAt: '2026-11-22T08:00:00Z',
      cancelReason: 'CUSTOMER',
      customer: null,
    }),
  );
  assert.equal(o.email, 'own@example.com');
  assert.equal(o.customer, null);
  assert.equal(o.status.cancelledAt, '2026-11-22T08:00:00Z');
  assert.equal(o.status.cancelReason, 'customer');
});

test('deterministic: the same order gives byte-identical JSON (idempotency compares bodies)', () => {
  const a = JSON.stringify(toApixOrder(sampleOrder()));
  const b = JSON.stringify(
    toApixOrder(sampleOrder({ refunds: [...sampleOrder().refunds].reverse() })),
  );
  assert.is(a, b);
});

test('the body satisfies the contract (OrderInput) and the simulator', () => {
  for (const order of [
    sampleOrder(),
    sampleOrder({
      customer: null,
      shippingAddress: null,
      refunds: [],
      cancelledAt: '2026-11-22T08:00:00Z',
    }),
  ]) {
    const body = toApixOrder(order);
    assert.equal(checkAgainst(contract, 'OrderInput', body), []);
    assert.equal(validateOrderBody(body), []);
  }
});

test.run();
