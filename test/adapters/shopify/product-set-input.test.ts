import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProductDraft, VariantDraft } from '../../../src/domain/model/catalog-write.js';
import {
  productSetCost,
  productSetRounds,
  toFieldErrors,
  toProductSetVariables,
  toUpsertResult,
  validateDraft,
} from '../../../src/adapters/shopify/product-set-input.js';

const key = { namespace: 'integration', key: 'external_id' };
const variant = (over: Partial<VariantDraft> = {}): VariantDraft => ({
  externalId: 'V1',
  sku: 'SKU-1',
  barcode: null,
  optionValues: [{ optionName: 'Title', name: 'Default Title' }],
  weightGrams: null,
  price: '10.00',
  compareAtPrice: null,
  ...over,
});
const draft = (over: Partial<ProductDraft> = {}): ProductDraft => ({
  externalId: 'P1',
  title: 'Mug',
  descriptionHtml: '<p>mug</p>',
  vendor: 'Acme',
  productType: 'Mugs',
  status: 'ACTIVE',
  options: [{ name: 'Title', values: ['Default Title'] }],
  variants: [variant()],
  ...over,
});

test('the identifier is the product custom id; only owned fields are sent', () => {
  const { identifier, input } = toProductSetVariables(draft(), key);
  assert.equal(identifier, {
    customId: { namespace: 'integration', key: 'external_id', value: 'P1' },
  });
  assert.equal(Object.keys(input).sort(), [
    'descriptionHtml',
    'productOptions',
    'productType',
    'status',
    'title',
    'variants',
    'vendor',
  ]);
  for (const forbidden of ['collections', 'files', 'metafields', 'tags', 'handle', 'id'])
    assert.not.ok(forbidden in input, forbidden);
});

const variantCases: [string, Partial<VariantDraft>, Record<string, unknown>][] = [
  [
    'a priced variant with a custom id metafield',
    {},
    {
      optionValues: [{ optionName: 'Title', name: 'Default Title' }],
      sku: 'SKU-1',
      barcode: null,
      price: '10.00',
      compareAtPrice: null,
      metafields: [{ namespace: 'integration', key: 'external_id', type: 'id', value: 'V1' }],
    },
  ],
  [
    'weight in grams and a compare-at price',
    { weightGrams: 250, compareAtPrice: '12.00', barcode: '4006381333931' },
    {
      optionValues: [{ optionName: 'Title', name: 'Default Title' }],
      sku: 'SKU-1',
      barcode: '4006381333931',
      price: '10.00',
      compareAtPrice: '12.00',
      inventoryItem: { measurement: { weight: { unit: 'GRAMS', value: 250 } } },
      metafields: [{ namespace: 'integration', key: 'external_id', type: 'id', value: 'V1' }],
    },
  ],
  [
    'no price from API X: price left as it is in Shopify',
    { price: null, compareAtPrice: '3.00' },
    {
      optionValues: [{ optionName: 'Title', name: 'Default Title' }],
      sku: 'SKU-1',
      barcode: null,
      metafields: [{ namespace: 'integration', key: 'external_id', type: 'id', value: 'V1' }],
    },
  ],
];
for (const [name, over, expected] of variantCases) {
  test(`variant: ${name}`, () => {
    const { input } = toProductSetVariables(draft({ variants: [variant(over)] }), key);
    assert.equal((input['variants'] as unknown[])[0], expected);
  });
}

test('options become productOptions with named values; a handle is sent only when given', () => {
  const { input } = toProductSetVariables(
    draft({ options: [{ name: 'Size', values: ['S', 'M'] }], handle: 'mug-1' }),
    key,
  );
  assert.equal(input['productOptions'], [{ name: 'Size', values: [{ name: 'S' }, { name: 'M' }] }]);
  assert.is(input['handle'], 'mug-1');
});

const invalid: [string, Partial<ProductDraft>, string][] = [
  ['no options', { options: [] }, 'productOptions'],
  [
    'four options',
    { options: ['a', 'b', 'c', 'd'].map((name) => ({ name, values: ['x'] })) },
    'productOptions',
  ],
  ['no variants', { variants: [] }, 'variants'],
  [
    'a variant missing an option value',
    {
      options: [
        { name: 'Title', values: ['Default Title'] },
        { name: 'Size', values: ['S'] },
      ],
    },
    'variants.0.optionValues',
  ],
  ['an empty title', { title: ' ' }, 'title'],
  [
    "more than Shopify's 2,048 variants",
    { variants: Array.from({ length: 2049 }, (_, i) => variant({ externalId: `V${i}` })) },
    'variants',
  ],
];
for (const [name, over, field] of invalid) {
  test(`validateDraft rejects ${name}`, () => {
    const errors = validateDraft(draft(over));
    assert.ok(
      errors.some((e) => e.field === field),
      JSON.stringify(errors),
    );
  });
}
test('validateDraft accepts a normal draft', () => assert.equal(validateDraft(draft()), []));

const errorCases: [string, unknown, unknown][] = [
  [
    'Shopify userErrors',
    [
      {
        field: ['input', 'variants', '0', 'price'],
        message: 'Price must be >= 0',
        code: 'INVALID',
      },
    ],
    [{ field: 'input.variants.0.price', message: 'Price must be >= 0', code: 'INVALID' }],
  ],
  [
    'no field, no code',
    [{ field: null, message: 'Oops' }],
    [{ field: null, message: 'Oops', code: null }],
  ],
  ['garbage', 'nope', []],
];
for (const [name, raw, expected] of errorCases)
  test(`toFieldErrors: ${name}`, () => assert.equal(toFieldErrors(raw), expected));

test('toUpsertResult keys variant ids by their custom id, whatever the order', () => {
  const r = toUpsertResult({
    product: {
      id: 'gid://shopify/Product/1',
      variants: {
        nodes: [
          { id: 'gid://shopify/ProductVariant/2', metafield: { value: 'B' } },
          { id: 'gid://shopify/ProductVariant/1', metafield: { value: 'A' } },
        ],
      },
    },
    userErrors: [],
  });
  assert.equal(r, {
    ok: true,
    value: {
      productId: 'gid://shopify/Product/1',
      variantIds: { A: 'gid://shopify/ProductVariant/1', B: 'gid://shopify/ProductVariant/2' },
    },
  });
  assert.equal(toUpsertResult({ product: null, userErrors: [] }).ok, false);
  assert.equal(
    toUpsertResult({ product: null, userErrors: [{ field: ['title'], message: 'blank' }] }),
    { ok: false, errors: [{ field: 'title', message: 'blank', code: null }] },
  );
});

/** A one-option product with n variants; the first `mapped` already exist in Shopify. */
function large(n: number, mapped = 0): ProductDraft {
  const values = Array.from({ length: n }, (_, i) => `S${i}`);
  return draft({
    options: [{ name: 'Size', values }],
    variants: values.map((name, i) =>
      variant({
        externalId: `V${i}`,
        optionValues: [{ optionName: 'Size', name }],
        ...(i < mapped ? { shopifyId: `gid://shopify/ProductVariant/${i}` } : {}),
      }),
    ),
  });
}

test("up to 2,048 variants are accepted (the old 250 cap was ours, not Shopify's)", () => {
  assert.equal(validateDraft(large(2048)), []);
});

const roundCases: [string, ProductDraft, number][] = [
  ['a normal product: one productSet', draft(), 1],
  ['300 new variants: one productSet', large(300), 1],
  ['2,048 existing variants (sent by id): one productSet', large(2048, 2048), 1],
  ['2,048 new variants: rounds under the cost ceiling', large(2048), 2],
];
for (const [name, d, count] of roundCases) {
  test(`productSetRounds: ${name}`, () => {
    const rounds = productSetRounds(d);
    assert.is(rounds.length, count);
    assert.is(rounds[rounds.length - 1], d, 'the last round is the whole draft');
    // As sent: variants created by an earlier round go by id (the caller fills them in).
    rounds.forEach((r, i) => {
      const before = new Set(rounds[i - 1]?.variants.map((v) => v.externalId) ?? []);
      const sent = {
        ...r,
        variants: r.variants.map((v) =>
          before.has(v.externalId) ? { ...v, shopifyId: v.shopifyId ?? 'gid' } : v,
        ),
      };
      assert.ok(productSetCost(sent) < 1000, `round ${i}: cost ${productSetCost(sent)}`);
    });
    for (const r of rounds.slice(0, -1)) {
      assert.is(r.status, 'DRAFT', 'not for sale before the last round');
      const used = new Set(r.variants.map((v) => v.optionValues[0]?.name));
      assert.equal(r.options[0]?.values, [...used], 'only the option values its variants use');
    }
  });
}

test.run();
