/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any --
   these tests walk Shopify's JSON answers as untyped trees; the assertions are the type check. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { createTestClient } from './test-client.js';
import { useShopifySimulator } from '../../support/use-simulators.js';

const sim = useShopifySimulator(test);
let gql: ReturnType<typeof createTestClient>;

const DEFINE = `mutation($owner: MetafieldOwnerType!) {
  metafieldDefinitionCreate(definition: {name: "External id", namespace: "sync", key: "external_id", type: "id", ownerType: $owner}) {
    createdDefinition { id namespace key type { name } } userErrors { field message code }
  }
}`;

const PRODUCT_SET = `mutation($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
  productSet(identifier: $identifier, input: $input, synchronous: true) {
    product {
      id handle title vendor status descriptionHtml
      options { name values }
      variants(first: 250) { nodes { id price compareAtPrice sku selectedOptions { name value } metafield(namespace: "sync", key: "external_id") { value } } }
      metafield(namespace: "sync", key: "external_id") { value }
    }
    userErrors { field message code }
  }
}`;

const custom = (value: string) => ({ customId: { namespace: 'sync', key: 'external_id', value } });
const size = (name: string) => [{ optionName: 'Size', name }];
const variantMf = (value: string) => [{ namespace: 'sync', key: 'external_id', type: 'id', value }];

function input(extra: Record<string, unknown> = {}, v = 'V') {
  return {
    title: 'Shirt',
    vendor: 'Acme',
    descriptionHtml: '<p>Soft</p>',
    status: 'ACTIVE',
    productOptions: [{ name: 'Size', values: [{ name: 'S' }, { name: 'M' }, { name: 'L' }] }],
    variants: [
      { optionValues: size('S'), price: '10.00', sku: 'S-1', metafields: variantMf(`${v}-S`) },
      { optionValues: size('M'), price: '11.00', sku: 'M-1', metafields: variantMf(`${v}-M`) },
      { optionValues: size('L'), price: '12.00', sku: 'L-1', metafields: variantMf(`${v}-L`) },
    ],
    ...extra,
  };
}

async function productSet(identifier: unknown, inputValue: unknown) {
  const r = await gql(PRODUCT_SET, { identifier, input: inputValue });
  assert.is(r.body.errors, undefined, JSON.stringify(r.body.errors));
  return r.body.data.productSet as {
    product: any;
    userErrors: { field: string[]; message: string; code: string }[];
  };
}

test.before(async () => {
  gql = createTestClient(sim);
  for (const owner of ['PRODUCT', 'PRODUCTVARIANT', 'COLLECTION']) {
    const r = await gql(DEFINE, { owner });
    assert.equal(r.body.data.metafieldDefinitionCreate.userErrors, []);
  }
});

test('metafieldDefinitionCreate: duplicate is TAKEN; definitions are listed', async () => {
  const again = await gql(DEFINE, { owner: 'PRODUCT' });
  assert.is(again.body.data.metafieldDefinitionCreate.createdDefinition, null);
  assert.is(again.body.data.metafieldDefinitionCreate.userErrors[0].code, 'TAKEN');
  const list = await gql(
    '{ metafieldDefinitions(ownerType: PRODUCTVARIANT, namespace: "sync", key: "external_id", first: 5) { nodes { key type { name } ownerType } } }',
  );
  assert.equal(list.body.data.metafieldDefinitions.nodes, [
    { key: 'external_id', type: { name: 'id' }, ownerType: 'PRODUCTVARIANT' },
  ]);
  assert.is(sim.state.definitions().length, 3);
});

test('custom-id upsert: the second call updates the same product, never a duplicate', async () => {
  const first = await productSet(custom('P-1'), input());
  assert.equal(first.userErrors, []);
  assert.is(first.product.metafield.value, 'P-1');
  assert.is(first.product.handle, 'shirt');
  // Variants sent with their ids are updated in place: same GIDs.
  const plain = input({ title: 'Shirt v2' });
  const second = await productSet(custom('P-1'), {
    ...plain,
    variants: plain.variants.map(({ metafields: _, ...v }, i) => ({
      id: first.product.variants.nodes[i].id,
      ...v,
    })),
  });
  assert.equal(second.userErrors, []);
  assert.is(second.product.id, first.product.id);
  assert.is(second.product.title, 'Shirt v2');
  assert.equal(
    second.product.variants.nodes.map((v: { id: string }) => v.id),
    first.product.variants.nodes.map((v: { id: string }) => v.id),
  );
  assert.equal(
    second.product.variants.nodes.map((v: { metafield: { value: string } }) => v.metafield.value),
    ['V-S', 'V-M', 'V-L'],
  );
  assert.is(
    sim.state.products().filter((p) => p.metafields['sync.external_id'] === 'P-1').length,
    1,
  );
  const byId = await gql(
    '{ productByIdentifier(identifier: {customId: {namespace: "sync", key: "external_id", value: "P-1"}}) { id title } }',
  );
  assert.equal(byId.body.data.productByIdentifier, { id: first.product.id, title: 'Shirt v2' });
  const missing = await gql(
    '{ productByIdentifier(identifier: {customId: {namespace: "sync", key: "external_id", value: "nope"}}) { id } }',
  );
  assert.is(missing.body.data.productByIdentifier, null);
});

test('variant identity is the id: a variant sent without one is NEW (new GID), even with the same option values', async () => {
  const created = await productSet(custom('P-ID'), input({}, 'ID'));
  assert.equal(created.userErrors, []);
  const before = created.product.variants.nodes.map((v: { id: string }) => v.id);
  const plain = input();
  const again = await productSet(custom('P-ID'), {
    ...plain,
    variants: plain.variants.map((v) => ({ ...v, metafields: undefined })),
  });
  assert.equal(again.userErrors, []);
  const after = again.product.variants.nodes.map((v: { id: string }) => v.id);
  for (const id of after) assert.not.ok(before.includes(id), `${id} is a new variant`);
  for (const id of before)
    assert.is(
      sim.state
        .products()
        .flatMap((p) => p.variants)
        .find((v) => v.id === id),
      undefined,
    );
  // The custom ids went with the deleted variants: the new ones have none.
  assert.equal(
    again.product.variants.nodes.map((v: { metafield: unknown }) => v.metafield),
    [null, null, null],
  );
});

test('a new variant may not take a custom id another variant still holds, not even one this call deletes', async () => {
  const created = await productSet(custom('P-TK'), input({}, 'TK'));
  assert.equal(created.userErrors, []);
  // Today's mistake: the same variants again without ids (new variants with the old custom ids).
  const again = await productSet(custom('P-TK'), input({}, 'TK'));
  assert.equal(again.product, null);
  assert.equal(again.userErrors[0], {
    field: ['input', 'variants', '0', 'metafields', '0', 'value'],
    message: 'Value is already taken by another resource.',
    code: 'INVALID_METAFIELD',
  });
});

test('metafieldsSet adds beside the others; a variant list of metafields replaces them all; metafieldsDelete releases', async () => {
  const created = await productSet(custom('P-MF'), input({}, 'MF'));
  const variant = created.product.variants.nodes[0];
  const set = await gql(
    `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { key value } userErrors { field message code } } }`,
    {
      m: [
        {
          ownerId: variant.id,
          namespace: 'custom',
          key: 'care',
          type: 'single_line_text_field',
          value: 'cold',
        },
      ],
    },
  );
  assert.equal(set.body.data.metafieldsSet.userErrors, []);
  const mf = () =>
    sim.state
      .products()
      .flatMap((p) => p.variants)
      .find((v) => v.id === variant.id)?.metafields;
  assert.equal(mf(), { 'sync.external_id': 'MF-S', 'custom.care': 'cold' });
  // Sent with its id and a partial list: the unlisted merchant metafield is deleted.
  const inp = input({}, 'MF');
  await productSet(custom('P-MF'), {
    ...inp,
    variants: inp.variants.map((v, i) => ({ ...v, id: created.product.variants.nodes[i].id })),
  });
  assert.equal(mf(), { 'sync.external_id': 'MF-S' });
  const del = await gql(
    `mutation($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) { deletedMetafields { key } userErrors { message } } }`,
    {
      m: [
        { ownerId: variant.id, namespace: 'sync', key: 'external_id' },
        { ownerId: variant.id, namespace: 'sync', key: 'nope' },
      ],
    },
  );
  assert.equal(del.body.data.metafieldsDelete.deletedMetafields, [{ key: 'external_id' }, null]);
  assert.equal(mf(), {});
});

test('replace semantics: variants left out are deleted, fields left out untouched', async () => {
  const created = await productSet(custom('P-2'), input({}, 'W'));
  assert.equal(created.userErrors, []);
  const [s, m] = created.product.variants.nodes as { id: string }[];
  const replaced = await productSet(custom('P-2'), {
    productOptions: [{ name: 'Size', values: [{ name: 'S' }, { name: 'M' }] }],
    variants: [
      { id: s!.id, optionValues: size('S'), price: '9.50' },
      { id: m!.id, optionValues: size('M'), price: '11.00' },
    ],
  });
  assert.equal(replaced.userErrors, []);
  const p = replaced.product;
  assert.is(p.title, 'Shirt');
  assert.is(p.vendor, 'Acme');
  assert.is(p.descriptionHtml, '<p>Soft</p>');
  assert.equal(p.options, [{ name: 'Size', values: ['S', 'M'] }]);
  assert.equal(
    p.variants.nodes.map((v: { id: string; price: string }) => [v.id, v.price]),
    [
      [s!.id, '9.50'],
      [m!.id, '11.00'],
    ],
  );
  // Fields left out of a variant input are untouched too (sku, metafields).
  assert.is(p.variants.nodes[0].sku, 'S-1');
  assert.is(p.variants.nodes[0].metafield.value, 'W-S');
  const state = sim.state.product(p.id)!;
  assert.is(state.variants.length, 2);
  const gone = await gql(
    '{ productVariant(id: "' + created.product.variants.nodes[2].id + '") { id } }',
  );
  assert.is(gone.body.data.productVariant, null);
  // Metafields replaced exactly: the custom id must stay in the list.
  const withMf = await productSet(custom('P-2'), {
    metafields: [
      { namespace: 'sync', key: 'external_id', type: 'id', value: 'P-2' },
      { namespace: 'custom', key: 'care', type: 'single_line_text_field', value: 'cold' },
    ],
  });
  assert.equal(withMf.userErrors, []);
  assert.equal(sim.state.product(p.id)!.metafields, {
    'sync.external_id': 'P-2',
    'custom.care': 'cold',
  });
  await productSet(custom('P-2'), {
    metafields: [{ namespace: 'sync', key: 'external_id', type: 'id', value: 'P-2' }],
  });
  assert.equal(sim.state.product(p.id)!.metafields, { 'sync.external_id': 'P-2' });
});

test('status changes only the status (archive instead of delete)', async () => {
  const r = await productSet(custom('P-2'), { status: 'ARCHIVED' });
  assert.is(r.product.status, 'ARCHIVED');
  assert.is(r.product.title, 'Shirt');
  assert.is(r.product.variants.nodes.length, 2);
});

test('user errors carry Shopify codes and change nothing', async () => {
  const before = sim.state.products();
  const cases: [string, unknown, unknown, string][] = [
    [
      'metafields without the custom id',
      custom('P-9'),
      input({
        handle: 'x9',
        metafields: [
          { namespace: 'custom', key: 'care', type: 'single_line_text_field', value: 'x' },
        ],
      }),
      'METAFIELD_MISMATCH',
    ],
    ['duplicate handle', custom('P-9'), input({ handle: 'shirt' }), 'HANDLE_NOT_UNIQUE'],
    ['unknown id', { id: 'gid://shopify/Product/999999' }, { title: 'x' }, 'NOT_FOUND'],
    [
      'unknown option value',
      custom('P-9'),
      input({ variants: [{ optionValues: size('XL'), price: '1.00' }] }),
      'OPTION_VALUE_DOES_NOT_EXIST',
    ],
    [
      'unknown option',
      custom('P-9'),
      input({
        variants: [{ optionValues: [{ optionName: 'Colour', name: 'Red' }], price: '1.00' }],
      }),
      'OPTION_DOES_NOT_EXIST',
    ],
    [
      'option without values',
      custom('P-9'),
      input({ productOptions: [{ name: 'Size', values: [] }], variants: [] }),
      'OPTION_VALUES_MISSING',
    ],
    [
      'variants without options',
      custom('P-9'),
      { title: 'x', variants: [{ optionValues: size('S') }] },
      'PRODUCT_OPTIONS_INPUT_MISSING',
    ],
    [
      'negative price',
      custom('P-9'),
      input({ variants: [{ optionValues: size('S'), price: '-1.00' }] }),
      'INVALID_VARIANT',
    ],
    [
      'unknown variant id',
      custom('P-1'),
      input({ variants: [{ id: 'gid://shopify/ProductVariant/424242', optionValues: size('S') }] }),
      'PRODUCT_VARIANT_DOES_NOT_EXIST',
    ],
    [
      'custom id value taken by another product',
      custom('P-9'),
      input({ metafields: [{ namespace: 'sync', key: 'external_id', type: 'id', value: 'P-1' }] }),
      'METAFIELD_MISMATCH',
    ],
    [
      'two variants with one custom id',
      custom('P-9'),
      input({
        handle: 'x9',
        variants: [
          { optionValues: size('S'), metafields: variantMf('Z') },
          { optionValues: size('M'), metafields: variantMf('Z') },
        ],
      }),
      'INVALID_METAFIELD',
    ],
    [
      'variant custom id taken',
      custom('P-9'),
      input({
        handle: 'x9',
        variants: [{ optionValues: size('S'), metafields: variantMf('V-S') }],
      }),
      'INVALID_METAFIELD',
    ],
  ];
  for (const [name, identifier, inputValue, code] of cases) {
    const r = await productSet(identifier, inputValue);
    assert.is(r.product, null, name);
    assert.is(r.userErrors[0]?.code, code, `${name}: ${JSON.stringify(r.userErrors)}`);
    assert.ok(Array.isArray(r.userErrors[0]?.field), name);
  }
  assert.equal(sim.state.products(), before);
});

test('creation by handle; a product without options gets Title / Default Title', async () => {
  const r = await productSet({ handle: 'plain' }, { title: 'Plain thing' });
  assert.equal(r.userErrors, []);
  assert.is(r.product.handle, 'plain');
  assert.equal(r.product.options, [{ name: 'Title', values: ['Default Title'] }]);
  assert.is(r.product.variants.nodes.length, 1);
  const again = await productSet({ handle: 'plain' }, { vendor: 'V' });
  assert.is(again.product.id, r.product.id);
  assert.is(again.product.title, 'Plain thing');
});

test('variant SKU and weight through inventoryItem, barcode; read back on the variant', async () => {
  const r = await gql(
    `mutation($input: ProductSetInput!) { productSet(identifier: {handle: "weighed"}, input: $input) {
      product { variants(first: 1) { nodes { sku barcode inventoryItem { sku measurement { weight { value unit } } } } } } userErrors { code }
    } }`,
    {
      input: {
        title: 'Weighed',
        productOptions: [{ name: 'Title', values: [{ name: 'Default Title' }] }],
        variants: [
          {
            optionValues: [{ optionName: 'Title', name: 'Default Title' }],
            barcode: '4006381333931',
            inventoryItem: { sku: 'W-1', measurement: { weight: { value: 250, unit: 'GRAMS' } } },
          },
        ],
      },
    },
  );
  assert.equal(r.body.data.productSet.product.variants.nodes[0], {
    sku: 'W-1',
    barcode: '4006381333931',
    inventoryItem: { sku: 'W-1', measurement: { weight: { value: 250, unit: 'GRAMS' } } },
  });
  assert.equal(sim.state.product('weighed')!.variants[0]!.weight, { value: 250, unit: 'GRAMS' });
});

test('option names and values are stored trimmed; values equal after trimming collide', async () => {
  const spaced = await productSet(custom('P-TRIM'), {
    title: 'Trim',
    productOptions: [{ name: ' Size ', values: [{ name: ' S' }, { name: 'M  ' }] }],
    variants: [
      { optionValues: [{ optionName: 'Size', name: 'S' }], price: '1.00' },
      { optionValues: [{ optionName: 'Size ', name: ' M ' }], price: '1.00' },
    ],
  });
  assert.equal(spaced.userErrors, []);
  assert.equal(spaced.product.options, [{ name: 'Size', values: ['S', 'M'] }]);
  assert.equal(
    spaced.product.variants.nodes.map((v: { selectedOptions: unknown }) => v.selectedOptions),
    [[{ name: 'Size', value: 'S' }], [{ name: 'Size', value: 'M' }]],
  );

  const collide = await productSet(custom('P-TRIM-2'), {
    title: 'Collide',
    productOptions: [{ name: 'Size', values: [{ name: 'M' }, { name: 'M ' }] }],
    variants: [
      { optionValues: [{ optionName: 'Size', name: 'M' }], price: '1.00' },
      { optionValues: [{ optionName: 'Size', name: 'M ' }], price: '1.00' },
    ],
  });
  assert.is(collide.product, null);
  assert.equal(collide.userErrors[0], {
    field: ['input', 'productOptions', '0', 'values', '1'],
    message: "Duplicated option value 'M'.",
    code: 'DUPLICATED_OPTION_VALUE',
  });
  const names = await productSet(custom('P-TRIM-3'), {
    title: 'Names',
    productOptions: [
      { name: 'Size', values: [{ name: 'M' }] },
      { name: ' Size', values: [{ name: 'L' }] },
    ],
    variants: [
      {
        optionValues: [
          { optionName: 'Size', name: 'M' },
          { optionName: 'Size', name: 'L' },
        ],
      },
    ],
  });
  assert.equal(names.userErrors, [
    {
      field: ['input', 'productOptions', '1', 'name'],
      message: "Duplicated option name 'Size'.",
      code: 'DUPLICATED_OPTION_NAME',
    },
  ]);
  assert.is(
    sim.state.products().filter((p) => p.title === 'Collide' || p.title === 'Names').length,
    0,
  );
});

test('texts over 255 characters are refused with the field, the limit and a productSet code', async () => {
  const long = 'x'.repeat(256);
  // 255 characters (an emoji is one character, two UTF-16 units) are accepted.
  const fits = await productSet(custom('P-LEN-OK'), {
    ...input({ title: '\u{1F600}'.repeat(255), vendor: 'v'.repeat(255) }, 'LEN-OK'),
  });
  assert.equal(fits.userErrors, []);

  const cases: [string, Record<string, unknown>, string[], string][] = [
    ['title', { title: long }, ['input', 'title'], 'INVALID_PRODUCT'],
    ['vendor', { vendor: long }, ['input', 'vendor'], 'INVALID_PRODUCT'],
    ['productType', { productType: long }, ['input', 'productType'], 'INVALID_PRODUCT'],
    ['handle', { handle: long }, ['input', 'handle'], 'INVALID_PRODUCT'],
  ];
  const base = input({}, 'LEN');
  const withVariant = (i: number, extra: Record<string, unknown>) => ({
    variants: base.variants.map((v, k) => (k === i ? { ...v, ...extra } : v)),
  });
  cases.push(
    ['sku', withVariant(1, { sku: long }), ['input', 'variants', '1', 'sku'], 'INVALID_VARIANT'],
    [
      'inventoryItem.sku',
      withVariant(1, { inventoryItem: { sku: long } }),
      ['input', 'variants', '1', 'inventoryItem', 'sku'],
      'INVALID_VARIANT',
    ],
    [
      'barcode',
      withVariant(2, { barcode: long }),
      ['input', 'variants', '2', 'barcode'],
      'INVALID_VARIANT',
    ],
    [
      'option name',
      {
        productOptions: [{ name: long, values: [{ name: 'S' }] }],
        variants: [{ optionValues: [{ optionName: long, name: 'S' }] }],
      },
      ['input', 'productOptions', '0', 'name'],
      'INVALID_INPUT',
    ],
    [
      'option value',
      {
        productOptions: [{ name: 'Size', values: [{ name: long }] }],
        variants: [{ optionValues: size(long) }],
      },
      ['input', 'productOptions', '0', 'values', '0', 'name'],
      'INVALID_INPUT',
    ],
    [
      'variant custom id',
      withVariant(0, { metafields: variantMf(long) }),
      ['input', 'variants', '0', 'metafields', '0', 'value'],
      'INVALID_METAFIELD',
    ],
  );
  for (const [name, extra, field, code] of cases) {
    const r = await productSet(custom(`P-LEN-${name}`), { ...base, ...extra });
    assert.is(r.product, null, name);
    assert.equal(r.userErrors[0]?.field, field, name);
    assert.is(r.userErrors[0]?.code, code, name);
    assert.match(r.userErrors[0]?.message ?? '', /is too long \(maximum is 255 characters\)/, name);
  }
  assert.is(
    sim.state
      .products()
      .filter(
        (p) =>
          p.title === base.title &&
          p.metafields['sync.external_id']?.startsWith('P-LEN-') &&
          p.metafields['sync.external_id'] !== 'P-LEN-OK',
      ).length,
    0,
  );

  const collection = await gql(
    `mutation($c: CollectionCreateInput!) { collectionCreate(collection: $c) { collection { id } userErrors { field message } } }`,
    { c: { title: long } },
  );
  assert.is(collection.body.data.collectionCreate.collection, null);
  assert.equal(collection.body.data.collectionCreate.userErrors, [
    { field: ['collection', 'title'], message: 'Title is too long (maximum is 255 characters)' },
  ]);
});

test('productVariantsBulkUpdate sets prices of some variants and leaves the rest', async () => {
  const p = sim.state.products().find((x) => x.metafields['sync.external_id'] === 'P-1')!;
  const [a, b, c] = p.variants;
  const q = `mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!, $partial: Boolean) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants, allowPartialUpdates: $partial) {
      productVariants { id price compareAtPrice } userErrors { field message code }
    }
  }`;
  const ok = await gql(q, {
    productId: p.id,
    variants: [{ id: a!.id, price: '5.00', compareAtPrice: '7.00' }],
  });
  assert.equal(ok.body.data.productVariantsBulkUpdate.userErrors, []);
  assert.equal(ok.body.data.productVariantsBulkUpdate.productVariants, [
    { id: a!.id, price: '5.00', compareAtPrice: '7.00' },
  ]);
  const bad = await gql(q, {
    productId: p.id,
    variants: [
      { id: b!.id, price: '1.00' },
      { id: c!.id, price: '-2.00' },
    ],
  });
  assert.is(bad.body.data.productVariantsBulkUpdate.userErrors[0].code, 'GREATER_THAN_OR_EQUAL_TO');
  assert.equal(bad.body.data.productVariantsBulkUpdate.userErrors[0].field, [
    'variants',
    '1',
    'price',
  ]);
  const partial = await gql(q, {
    productId: p.id,
    partial: true,
    variants: [
      { id: b!.id, price: '1.00' },
      { id: 'gid://shopify/ProductVariant/1', price: '2.00' },
    ],
  });
  assert.is(
    partial.body.data.productVariantsBulkUpdate.userErrors[0].code,
    'PRODUCT_VARIANT_DOES_NOT_EXIST',
  );
  const after = sim.state.product(p.id)!;
  assert.equal(
    after.variants.map((v) => v.price),
    ['5.00', '1.00', c!.price],
  );
  const missing = await gql(q, { productId: 'gid://shopify/Product/1', variants: [] });
  assert.is(
    missing.body.data.productVariantsBulkUpdate.userErrors[0].code,
    'PRODUCT_DOES_NOT_EXIST',
  );
});

test('collections: create with sources, add/remove members with collectionUpdate, custom id lookup', async () => {
  const [p1, p2, p3] = sim.state.products().map((p) => p.id);
  const create = await gql(
    `mutation($c: CollectionCreateInput!) { collectionCreate(collection: $c) { collection { id handle sources { id ... on CollectionConditionsSource { title } } products(first: 10) { nodes { id } } } userErrors { field message } } }`,
    {
      c: {
        title: 'Shirts',
        descriptionHtml: '<p>All shirts</p>',
        metafields: [{ namespace: 'sync', key: 'external_id', type: 'id', value: 'C-1' }],
        sources: [
          {
            source: {
              title: 'Synced',
              inclusion: { selections: [{ productId: p1 }, { productId: p2 }] },
            },
          },
        ],
      },
    },
  );
  const col = create.body.data.collectionCreate.collection;
  assert.equal(create.body.data.collectionCreate.userErrors, []);
  assert.is(col.handle, 'shirts');
  assert.equal(
    col.products.nodes.map((n: { id: string }) => n.id),
    [p1, p2],
  );
  const sourceId = col.sources[0].id as string;
  const update = await gql(
    `mutation($c: CollectionUpdateInput!) { collectionUpdate(collection: $c) { collection { id title hasProduct(id: "${p3}") } job { id done } userErrors { field message } } }`,
    {
      c: {
        id: col.id,
        title: 'Shirts!',
        sourcesToUpdate: [
          {
            condition: {
              id: sourceId,
              inclusion: {
                selectionsToAdd: [{ productId: p3 }],
                selectionsToRemove: [{ productId: p1 }],
              },
            },
          },
        ],
      },
    },
  );
  assert.equal(update.body.errors, undefined, JSON.stringify(update.body.errors));
  assert.equal(update.body.data.collectionUpdate.userErrors, []);
  // Membership through sources is a job: nothing changes until it has run, which the
  // simulator does on the second poll (collectionJobPolls = 1).
  const job = update.body.data.collectionUpdate.job as { id: string; done: boolean };
  assert.is(job.done, false);
  assert.is(update.body.data.collectionUpdate.collection.hasProduct, false);
  assert.is(sim.state.collections()[0]!.title, 'Shirts!', 'the title changes at once');
  assert.equal(sim.state.collections()[0]!.productIds, [p1, p2]);
  const poll = async () =>
    (await gql(`{ job(id: "${job.id}") { id done } }`)).body.data.job as { done: boolean };
  assert.is((await poll()).done, false);
  assert.is((await poll()).done, true);
  const state = sim.state.collections()[0]!;
  assert.equal(state.productIds, [p2, p3]);
  assert.is(state.title, 'Shirts!');
  assert.is(state.published, false);
  const byCustom = await gql(
    '{ collectionByIdentifier(identifier: {customId: {namespace: "sync", key: "external_id", value: "C-1"}}) { id products(first: 5) { nodes { id } } } }',
  );
  assert.is(byCustom.body.data.collectionByIdentifier.id, col.id);
  // Deprecated membership mutations still work.
  const removed = await gql(
    `mutation { collectionRemoveProducts(id: "${col.id}", productIds: ["${p2}"]) { userErrors { message } } }`,
  );
  assert.equal(removed.body.data.collectionRemoveProducts.userErrors, []);
  assert.equal(sim.state.collections()[0]!.productIds, [p3]);
  const unknown = await gql(
    `mutation { publishablePublish(id: "${col.id}", input: [{publicationId: "gid://shopify/Publication/1"}]) { userErrors { field message } } }`,
  );
  assert.equal(unknown.body.data.publishablePublish.userErrors, [
    { field: ['input', '0', 'publicationId'], message: 'Publication does not exist' },
  ]);
  assert.is(sim.state.collections()[0]!.published, false);
  const channels = await gql('{ publications(first: 10) { nodes { id catalog { title } } } }');
  const nodes = channels.body.data.publications.nodes as {
    id: string;
    catalog: { title: string };
  }[];
  assert.equal(
    nodes.map((n) => n.catalog.title),
    ['Online Store'],
  );
  const published = await gql(
    `mutation { publishablePublish(id: "${col.id}", input: [{publicationId: "${nodes[0]!.id}"}]) { userErrors { message } } }`,
  );
  assert.equal(published.body.data.publishablePublish.userErrors, []);
  assert.equal(sim.state.collections()[0]!.publications, ['Online Store']);
  assert.equal(sim.state.product(p3!)!.collections, [col.id]);
});

test('products pagination with opaque cursors and productDelete', async () => {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const r = await gql(
      'query($after: String) { products(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }',
      { after },
    );
    const page = r.body.data.products;
    ids.push(...page.nodes.map((n: { id: string }) => n.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  assert.equal(
    ids,
    sim.state.products().map((p) => p.id),
  );
  const victim = ids[0]!;
  const del = await gql(
    `mutation { productDelete(input: {id: "${victim}"}) { deletedProductId userErrors { message } } }`,
  );
  assert.is(del.body.data.productDelete.deletedProductId, victim);
  assert.is(sim.state.product(victim), undefined);
  const nodes = await gql(
    `{ nodes(ids: ["${victim}", "${ids[1]}"]) { id ... on Product { title } } }`,
  );
  assert.is(nodes.body.data.nodes[0], null);
  assert.is(nodes.body.data.nodes[1].id, ids[1]);
  const tooMany = await gql('{ products(first: 251) { nodes { id } } }');
  assert.ok(tooMany.body.errors?.length);
});

test('productSet collections: joined on create; on update the list replaces every membership, hand-made ones too; left out, untouched', async () => {
  const made = async (title: string) => {
    const r = await gql(
      `mutation($c: CollectionCreateInput!) { collectionCreate(collection: $c) { collection { id } userErrors { message } } }`,
      { c: { title, sources: [{ source: { title: 'integration-service', inclusion: {} } }] } },
    );
    assert.equal(r.body.data.collectionCreate.userErrors, []);
    return r.body.data.collectionCreate.collection.id as string;
  };
  const ours = await made('Joined in productSet');
  const theirs = await made('Curated by hand');
  const members = (id: string) => sim.state.collections().find((c) => c.id === id)!.productIds;

  const created = await productSet(custom('P-COL'), input({ collections: [ours] }, 'COL'));
  assert.equal(created.userErrors, []);
  const productId = created.product.id as string;
  assert.equal(members(ours), [productId], 'a member as it is created');

  // A merchant adds it to another collection by hand.
  const byHand = await gql(
    `mutation { collectionAddProductsV2(id: "${theirs}", productIds: ["${productId}"]) { userErrors { message } } }`,
  );
  assert.equal(byHand.body.data.collectionAddProductsV2.userErrors, []);
  assert.equal(members(theirs), [productId]);

  // Without `collections` an update leaves both memberships alone.
  const variantIds = created.product.variants.nodes.map((v: { id: string }) => v.id) as string[];
  const update = (extra: Record<string, unknown>) => {
    const base = input({ title: 'Shirt again', ...extra });
    return {
      ...base,
      variants: base.variants.map(({ metafields: _, ...v }, i) => ({ id: variantIds[i], ...v })),
    };
  };
  assert.equal((await productSet(custom('P-COL'), update({}))).userErrors, []);
  assert.equal(members(ours), [productId]);
  assert.equal(members(theirs), [productId]);

  // With it, the list is made to match exactly: the hand-made membership is gone.
  assert.equal((await productSet(custom('P-COL'), update({ collections: [ours] }))).userErrors, []);
  assert.equal(members(ours), [productId]);
  assert.equal(members(theirs), [], 'productSet replaced the merchant membership');

  const unknown = await productSet(
    custom('P-COL'),
    update({ collections: ['gid://shopify/Collection/999999'] }),
  );
  assert.equal(unknown.userErrors, [
    {
      field: ['input', 'collections', '0'],
      message: 'Collection does not exist',
      code: 'INVALID_INPUT',
    },
  ]);
  assert.equal(members(ours), [productId], 'nothing changed by a refused productSet');
});

test.run();
