import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';

const e2e = useE2eEnvironment(test, { apix: { products: 3 } });

interface Line {
  sku: string | null;
  shopifyVariantId: string | null;
  giftCard: boolean;
  quantity: number;
  unitPrice: {
    shop: { amount: string; currencyCode: string };
    presentment: { amount: string; currencyCode: string };
  };
  totalDiscount: { shop: { amount: string } };
}
interface Body {
  lines: Line[];
  customer: unknown;
  shippingAddress: unknown;
  currency: string;
  presentmentCurrency: string;
  test: boolean;
}
const received = (id: string) => e2e.apix.orders.byExternalId(id)?.versions[0] as Body | undefined;

test('edge-case orders reach API X with every line and the right money', async () => {
  const ids = {
    custom: e2e.shopify.orders.create({
      lineItems: [{ title: 'Engraving', quantity: 1, unitPrice: '5.00' }],
    }),
    deletedProduct: e2e.shopify.orders.create({
      lineItems: [
        {
          title: 'Gone lamp',
          quantity: 2,
          unitPrice: '30.00',
          sku: 'LAMP-1',
          variantId: 'gid://shopify/ProductVariant/999999',
          productId: 'gid://shopify/Product/999999',
        },
      ],
    }),
    giftAndZero: e2e.shopify.orders.create({
      lineItems: [
        { title: 'Gift card', quantity: 1, unitPrice: '50.00', isGiftCard: true },
        { title: 'Free sample', quantity: 3, unitPrice: '0.00', sku: 'SAMPLE' },
      ],
    }),
    discounted: e2e.shopify.orders.create({
      lineItems: [
        { title: 'Shirt', quantity: 2, unitPrice: '20.00', discount: '4.00', sku: 'SHIRT' },
      ],
    }),
    multiCurrency: e2e.shopify.orders.create({
      presentmentCurrencyCode: 'USD',
      lineItems: [
        {
          title: 'Mug',
          quantity: 1,
          unitPrice: { shop: '10.00', presentment: '10.80' },
          sku: 'MUG',
        },
      ],
    }),
    noCustomer: e2e.shopify.orders.create({
      customer: null,
      email: null,
      shippingAddress: null,
      billingAddress: null,
      lineItems: [{ title: 'Cap', quantity: 1, unitPrice: '12.00' }],
    }),
    many: e2e.shopify.orders.create({
      lineItems: Array.from({ length: 300 }, (_, i) => ({
        title: `Part ${i}`,
        quantity: 1,
        unitPrice: '1.00',
        sku: `PART-${i}`,
      })),
    }),
    testOrder: e2e.shopify.orders.create({
      test: true,
      lineItems: [{ title: 'Test', quantity: 1, unitPrice: '1.00' }],
    }),
  };
  const r = await e2e.cli(['sync-orders']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(r.summary?.['recordErrors'], {});

  const custom = received(ids.custom);
  assert.is(custom?.lines[0]?.shopifyVariantId, null);
  assert.is(received(ids.deletedProduct)?.lines[0]?.sku, 'LAMP-1');
  assert.is(received(ids.deletedProduct)?.lines[0]?.quantity, 2);
  const gift = received(ids.giftAndZero);
  assert.equal(
    gift?.lines.map((l) => l.giftCard),
    [true, false],
  );
  assert.is(Number(gift?.lines[1]?.unitPrice.shop.amount), 0);
  assert.is(Number(received(ids.discounted)?.lines[0]?.totalDiscount.shop.amount), 4);
  const multi = received(ids.multiCurrency);
  assert.is(multi?.presentmentCurrency, 'USD');
  assert.is(Number(multi?.lines[0]?.unitPrice.presentment.amount), 10.8);
  assert.is(Number(multi?.lines[0]?.unitPrice.shop.amount), 10);
  const bare = received(ids.noCustomer);
  assert.is(bare?.customer, null);
  assert.is(bare?.shippingAddress, null);
  assert.is(
    received(ids.many)?.lines.length,
    300,
    'line items beyond the first nested page are all sent',
  );
  assert.is(received(ids.testOrder), undefined, 'test orders are skipped by default');
  const { rows } = await e2e.db.pool.query<{ push_state: string }>(
    `SELECT push_state FROM orders WHERE shopify_id = $1`,
    [ids.testOrder],
  );
  assert.is(rows[0]?.push_state, 'skipped', 'but stored');
});

test('--dry-run fetches and counts but stores and pushes nothing', async () => {
  const [id] = e2e.shopify.orders.seed(1);
  const before = e2e.apix.orders.list().length;
  const r = await e2e.cli(['sync-orders', '--dry-run']);
  assert.is(r.code, 0, r.stderr);
  const plan = r.summary?.['plan'] as { fetched: { inserted: number } };
  assert.is(plan.fetched.inserted, 1);
  assert.is(e2e.apix.orders.list().length, before);
  const { rows } = await e2e.db.pool.query(`SELECT 1 FROM orders WHERE shopify_id = $1`, [id]);
  assert.is(rows.length, 0);
});

test.run();
