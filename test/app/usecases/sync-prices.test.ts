/**
 * The price step over in-memory ports: one write per product with only its changed prices, what
 * is saved, and what is recorded when Shopify refuses or a variant was deleted by hand.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createSyncPrices,
  deletedVariants,
  type SyncPricesDeps,
} from '../../../src/app/usecases/sync-prices.js';
import type { PriceChange, PriceWrites } from '../../../src/domain/ports/price-writes.js';
import { completedBulkOperations, noBulkOperations } from '../../support/fakes/bulk-operations.js';
import { createFakePriceWrites } from '../../support/fakes/price-writes.js';
import { createFakeShopifyPrices } from '../../support/fakes/shopify-prices.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { createFakeVariantMappings } from '../../support/fakes/variant-mappings.js';

const change = (product: number, variant: number, amount = '9.99'): PriceChange => ({
  productExternalId: `P${product}`,
  productId: `gid://shopify/Product/${product}`,
  variantExternalId: `P${product}-${variant}`,
  price: {
    variantId: `gid://shopify/ProductVariant/${product}${variant}`,
    price: amount,
    compareAtPrice: null,
  },
  contentHash: `h${product}-${variant}-${amount}`,
});

const options = { dryRun: false, bulkThreshold: 1000, concurrency: 2 };

function setup(
  changes: PriceChange[],
  answer?: Parameters<typeof createFakeShopifyPrices>[0],
  unmapped: Parameters<typeof createFakePriceWrites>[1] = [],
  {
    bulk = noBulkOperations(),
    savePrices,
  }: Partial<Pick<SyncPricesDeps, 'bulk'>> & {
    savePrices?: PriceWrites['savePrices'];
  } = {},
) {
  const prices = createFakePriceWrites(changes, unmapped);
  const variants = createFakeVariantMappings(
    Object.fromEntries(
      changes.map((c) => [
        c.variantExternalId,
        { variantId: c.price.variantId, productExternalId: c.productExternalId },
      ]),
    ),
  );
  const shop = createFakeShopifyPrices(answer);
  const step = createSyncPrices({
    shopify: shop.shopify,
    state: { ...prices.writes, ...variants.mappings, ...(savePrices && { savePrices }) },
    bulk,
  });
  return { step, shop, prices, variants };
}

test('one write per product with its changed variants; all saved and counted', async () => {
  const s = setup([change(1, 1), change(1, 2, '5.00'), change(2, 1)]);
  const { ctx, counter, errors } = fakeStepContext();
  const result = await s.step.run(ctx, options);
  assert.equal(result, { products: 2, variants: 3, path: 'mutations' });
  assert.equal(
    s.shop.calls.map((c) => [c.productId, c.prices.map((p) => `${p.variantId}=${p.price}`)]).sort(),
    [
      [
        'gid://shopify/Product/1',
        ['gid://shopify/ProductVariant/11=9.99', 'gid://shopify/ProductVariant/12=5.00'],
      ],
      ['gid://shopify/Product/2', ['gid://shopify/ProductVariant/21=9.99']],
    ],
  );
  assert.is(s.prices.saved.length, 3);
  assert.is(counter.get('price', 'updated'), 3);
  assert.equal(errors, []);
});

test('nothing changed: nothing sent', async () => {
  const s = setup([]);
  assert.equal(await s.step.run(fakeStepContext().ctx, options), {
    products: 0,
    variants: 0,
    path: 'none',
  });
  assert.equal(s.shop.calls, []);
});

test('dry run: the plan only; nothing sent, nothing saved, unmapped prices not reported', async () => {
  const s = setup([change(1, 1), change(2, 1)], undefined, [
    { variantExternalId: 'X-1', amount: '1.00', compareAt: null, contentHash: 'x' },
  ]);
  const { ctx, errors } = fakeStepContext();
  const result = await s.step.run(ctx, { ...options, dryRun: true });
  assert.equal(result, { products: 2, variants: 2, path: 'mutations' });
  assert.equal(s.shop.calls, []);
  assert.equal(s.prices.saved, []);
  assert.equal(errors, []);
});

test('a price whose variant is not in Shopify is recorded, naming the variant', async () => {
  const s = setup([change(1, 1)], undefined, [
    { variantExternalId: 'X-1', amount: '1.00', compareAt: null, contentHash: 'x' },
  ]);
  const { ctx, errors } = fakeStepContext();
  await s.step.run(ctx, options);
  assert.equal(
    errors.map((e) => [e.entity, e.externalId, e.field]),
    [['price', 'X-1', 'variantId']],
  );
  assert.is(s.prices.saved.length, 1, 'the other prices still go');
});

test('a refused product: each of its prices recorded, none saved; other products saved', async () => {
  const s = setup([change(1, 1), change(1, 2), change(2, 1)], (productId) =>
    productId.endsWith('/1')
      ? {
          ok: false,
          errors: [{ field: 'variants.0.price', message: 'is invalid', code: 'INVALID' }],
        }
      : { ok: true, value: undefined },
  );
  const { ctx, errors } = fakeStepContext();
  await s.step.run(ctx, options);
  assert.equal(
    s.prices.saved.map((c) => c.variantExternalId),
    ['P2-1'],
  );
  assert.equal(
    errors.map((e) => [e.externalId, e.field, e.reason]),
    [
      ['P1-1', 'variants.0.price', 'Shopify rejected the price: is invalid'],
      ['P1-2', 'variants.0.price', 'Shopify rejected the price: is invalid'],
    ],
  );
  assert.is(s.variants.mapped.size, 3, 'a plain refusal forgets no variant');
});

test('a variant deleted by hand: forgotten (the next run creates it again), named in its error and a warning', async () => {
  const s = setup([change(1, 1), change(1, 2)], () => ({
    ok: false,
    errors: [
      {
        field: 'variants.1.id',
        message: 'Product variant does not exist',
        code: 'PRODUCT_VARIANT_DOES_NOT_EXIST',
      },
    ],
  }));
  const { ctx, errors, warnings } = fakeStepContext();
  await s.step.run(ctx, options);
  assert.equal([...s.variants.mapped.keys()], ['P1-1']);
  assert.match(
    errors.find((e) => e.externalId === 'P1-2')?.reason ?? '',
    /the next run creates it again/,
  );
  assert.not.match(errors.find((e) => e.externalId === 'P1-1')?.reason ?? '', /deleted in Shopify/);
  assert.ok(warnings().some((w) => /P1-2 were deleted in Shopify by hand/.test(w.message)));
});

test('accepted prices are saved a batch at a time, not once per product', async () => {
  const many = Array.from({ length: 250 }, (_, i) => change(i + 1, 1));
  const s = setup([...many, change(1, 2)]);
  const { ctx, counter } = fakeStepContext();
  assert.equal(await s.step.run(ctx, options), {
    products: 250,
    variants: 251,
    path: 'mutations',
  });
  assert.is(s.shop.calls.length, 250, 'one write per product');
  assert.equal(
    s.prices.saveCalls.map((c) => c.length),
    [101, 100, 50],
    'one save per batch of 100 products',
  );
  assert.is(counter.get('price', 'updated'), 251);
});

test('a write that throws: what Shopify accepted before it is still saved; the rest is not', async () => {
  const s = setup([change(1, 1), change(2, 1), change(3, 1)], (productId) => {
    if (productId.endsWith('/2')) throw new Error('connection reset');
    return { ok: true, value: undefined };
  });
  const { ctx } = fakeStepContext();
  const failure = await s.step.run(ctx, { ...options, concurrency: 1 }).catch((e: unknown) => e);
  assert.match(String(failure), /connection reset/);
  assert.equal(
    s.prices.saved.map((c) => c.variantExternalId),
    ['P1-1'],
  );
});

test('a write that throws and a save that fails too: the run fails naming the write, the save is logged', async () => {
  const s = setup(
    [change(1, 1), change(2, 1)],
    (productId) => {
      if (productId.endsWith('/2')) throw new Error('connection reset');
      return { ok: true, value: undefined };
    },
    [],
    { savePrices: () => Promise.reject(new Error('database gone')) },
  );
  const { ctx, warnings } = fakeStepContext();
  const failure = await s.step.run(ctx, { ...options, concurrency: 1 }).catch((e: unknown) => e);
  assert.match(String(failure), /connection reset/, 'the reason the run stopped');
  assert.ok(warnings().some((w) => w.level === 'error' && /database gone/.test(w.message)));
});

test('bulk: accepted and refused lines; what Shopify accepted is saved, the refused recorded', async () => {
  const s = setup(
    [change(1, 1), change(2, 1), change(3, 1)],
    (productId) =>
      productId.endsWith('/2')
        ? { ok: false, errors: [{ field: null, message: 'no', code: null }] }
        : { ok: true, value: undefined },
    [],
    { bulk: completedBulkOperations() },
  );
  const { ctx, errors, counter } = fakeStepContext();
  assert.equal(await s.step.run(ctx, { ...options, bulkThreshold: 1 }), {
    products: 3,
    variants: 3,
    path: 'bulk',
  });
  assert.equal(
    s.prices.saved.map((c) => c.variantExternalId),
    ['P1-1', 'P3-1'],
  );
  assert.equal(
    errors.map((e) => e.externalId),
    ['P2-1'],
  );
  assert.is(counter.get('price', 'updated'), 2);
});

test('bulk: reading the results throws midway; what Shopify accepted before it is still saved', async () => {
  const s = setup(
    [change(1, 1), change(2, 1), change(3, 1)],
    (productId) =>
      productId.endsWith('/2')
        ? { ok: false, errors: [{ field: null, message: 'no', code: null }] }
        : { ok: true, value: undefined },
    [],
    { bulk: completedBulkOperations() },
  );
  const { ctx } = fakeStepContext();
  // Recording the refused line fails (its database went away): the loop stops there.
  ctx.recordError = () => Promise.reject(new Error('connection reset'));
  const failure = await s.step.run(ctx, { ...options, bulkThreshold: 1 }).catch((e: unknown) => e);
  assert.match(String(failure), /connection reset/);
  assert.equal(
    s.prices.saved.map((c) => c.variantExternalId),
    ['P1-1'],
  );
});

test('the changes are prepared once per run: a second run sends only what was not saved', async () => {
  const s = setup([change(1, 1), change(2, 1)], (productId) =>
    productId.endsWith('/2')
      ? { ok: false, errors: [{ field: 'variants.0.price', message: 'no', code: 'INVALID' }] }
      : { ok: true, value: undefined },
  );
  await s.step.run(fakeStepContext().ctx, options);
  s.shop.calls.length = 0;
  assert.equal(await s.step.run(fakeStepContext().ctx, options), {
    products: 1,
    variants: 1,
    path: 'mutations',
  });
  assert.equal(
    s.shop.calls.map((c) => c.productId),
    ['gid://shopify/Product/2'],
  );
});

const group = [change(1, 1), change(1, 2), change(1, 3)];
const missing = (field: string | null) => ({ field, code: 'PRODUCT_VARIANT_DOES_NOT_EXIST' });
const cases: [string, { field: string | null; code: string | null }[], string[]][] = [
  ['no errors', [], []],
  ['the index names the variant', [missing('variants.2.id')], ['P1-3']],
  ['several', [missing('variants.0.id'), missing('variants.1.id')], ['P1-1', 'P1-2']],
  ['another code is not a deletion', [{ field: 'variants.0.id', code: 'INVALID' }], []],
  ['an index past the group', [missing('variants.7.id')], []],
  ['no field', [missing(null)], []],
  ['a field that is not a variant index', [missing('productId')], []],
];
for (const [name, errors, expected] of cases)
  test(`deletedVariants: ${name}`, () => {
    assert.equal(deletedVariants(group, errors), expected);
  });

test.run();
