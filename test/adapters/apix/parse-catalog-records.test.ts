import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  parseCategory,
  parsePrice,
  parseProduct,
} from '../../../src/adapters/apix/parse-catalog-records.js';
import type { Parsed } from '../../../src/domain/model/record-error.js';

const product = {
  id: 'P1',
  title: 'Größte Café Chair ☕',
  description: '<p>Nice</p>',
  vendor: 'Acme',
  type: 'Furniture',
  categoryIds: ['C1', 'C2'],
  active: true,
  options: [
    { name: 'Size', values: ['S', 'M'] },
    { name: 'Color', values: ['Red', 'Blue'] },
  ],
  variants: [
    {
      id: 'P1-1',
      sku: 'SKU-1',
      barcode: '4006381333931',
      optionValues: ['S', 'Red'],
      weightGrams: 1200,
    },
    { id: 'P1-2', sku: 'SKU-2', barcode: null, optionValues: ['M', 'Blue'], weightGrams: null },
  ],
  updatedAt: '2026-11-20T10:00:00.123Z',
};
const category = {
  id: 'C1',
  parentId: null,
  name: 'Home',
  description: null,
  updatedAt: '2026-11-20T10:00:00+01:00',
};
const price = { variantId: 'P1-1', amount: '19.99', compareAtAmount: '24.99', currency: 'EUR' };

type Row = [name: string, raw: unknown, field: string | null, reason: RegExp, id?: string];

function check(parse: (raw: unknown, index?: number) => Parsed<unknown>, rows: Row[]): void {
  for (const [name, raw, field, reason, id] of rows) {
    const result = parse(raw, 7);
    if (result.ok) assert.unreachable(`${name}: accepted`);
    else {
      assert.is(result.error.field, field, name);
      assert.match(result.error.reason, reason, name);
      assert.is(result.error.payload, raw, `${name}: keeps the payload`);
      if (id !== undefined) assert.is(result.error.externalId, id, `${name}: names the record`);
    }
  }
}

const withVariant = (i: number, patch: object) => ({
  ...product,
  variants: product.variants.map((v, k) => (k === i ? { ...v, ...patch } : v)),
});

test('valid records parse to the domain shape', () => {
  const p = parseProduct(product);
  assert.ok(p.ok);
  if (p.ok) {
    assert.is(p.value.externalId, 'P1');
    assert.is(p.value.descriptionHtml, '<p>Nice</p>');
    assert.is(p.value.productType, 'Furniture');
    assert.equal(p.value.variants[1], {
      externalId: 'P1-2',
      sku: 'SKU-2',
      barcode: null,
      optionValues: ['M', 'Blue'],
      weightGrams: null,
    });
  }
  assert.equal(parseCategory(category), {
    ok: true,
    value: {
      externalId: 'C1',
      parentId: null,
      name: 'Home',
      description: '',
      updatedAt: '2026-11-20T10:00:00+01:00',
    },
  });
  assert.equal(parsePrice(price), {
    ok: true,
    value: { variantId: 'P1-1', amount: '19.99', compareAtAmount: '24.99', currency: 'EUR' },
  });
});

test('valid edge cases are accepted (table)', () => {
  const rows: [string, Parsed<unknown>][] = [
    [
      'one variant without options',
      parseProduct({
        ...product,
        options: [],
        variants: [{ id: 'V', sku: 'S', optionValues: [] }],
      }),
    ],
    [
      'title of exactly 255 characters, non-ASCII',
      parseProduct({ ...product, title: 'é'.repeat(255) }),
    ],
    ['255 emoji count as 255 characters', parseProduct({ ...product, title: '😀'.repeat(255) })],
    [
      'absent categoryIds, vendor, type',
      parseProduct({ ...product, categoryIds: undefined, vendor: undefined, type: null }),
    ],
    ['integer amount', parsePrice({ ...price, amount: '20', compareAtAmount: null })],
    ['zero', parsePrice({ ...price, amount: '0' })],
    [
      'JPY without decimals',
      parsePrice({ ...price, amount: '1500', compareAtAmount: null, currency: 'JPY' }),
    ],
    [
      'KWD with three decimals',
      parsePrice({ ...price, amount: '1.250', compareAtAmount: null, currency: 'KWD' }),
    ],
  ];
  for (const [name, result] of rows) assert.ok(result.ok, `${name}: ${JSON.stringify(result)}`);
});

test('option names and values are sent trimmed, as Shopify stores them; variants match the trimmed values', () => {
  const p = parseProduct({
    ...product,
    options: [{ name: ' Size ', values: ['S ', ' M'] }, product.options[1]],
    variants: product.variants.map((v, i) => ({
      ...v,
      optionValues: i === 0 ? ['S', 'Red '] : [' M ', 'Blue'],
    })),
  });
  assert.ok(p.ok, JSON.stringify(p));
  if (p.ok) {
    assert.equal(p.value.options[0], { name: 'Size', values: ['S', 'M'] });
    assert.equal(
      p.value.variants.map((v) => v.optionValues),
      [
        ['S', 'Red'],
        ['M', 'Blue'],
      ],
    );
  }
});

test('malformed products become RecordErrors naming the field (table)', () => {
  check(parseProduct, [
    ['not an object', 'P1', null, /must be an object/, '(unknown #7)'],
    ['array', [product], null, /must be an object/, '(unknown #7)'],
    ['missing id', { ...product, id: undefined }, 'id', /must be a string/, '(unknown #7)'],
    ['blank id', { ...product, id: '  ' }, 'id', /must not be empty/, '(unknown #7)'],
    ['id with spaces around', { ...product, id: ' P1' }, 'id', /whitespace/, '(unknown #7)'],
    ['empty title', { ...product, title: '' }, 'title', /must not be empty/, 'P1'],
    [
      'title too long',
      { ...product, title: 'x'.repeat(256) },
      'title',
      /256 characters.*at most 255/,
      'P1',
    ],
    ['title a number', { ...product, title: 42 }, 'title', /must be a string, got a number/],
    ['active as string', { ...product, active: 'yes' }, 'active', /true or false/],
    ['bad updatedAt', { ...product, updatedAt: '2026-11-20' }, 'updatedAt', /RFC 3339/],
    [
      'updatedAt without zone',
      { ...product, updatedAt: '2026-11-20T10:00:00' },
      'updatedAt',
      /RFC 3339/,
    ],
    [
      'duplicate category',
      { ...product, categoryIds: ['C1', 'C1'] },
      'categoryIds[1]',
      /appears twice/,
    ],
    [
      'four options',
      { ...product, options: ['a', 'b', 'c', 'd'].map((n) => ({ name: n, values: ['x'] })) },
      'options',
      /at most 3/,
    ],
    [
      'option without values',
      { ...product, options: [{ name: 'Size', values: [] }, product.options[1]] },
      'options[0].values',
      /at least one/,
    ],
    [
      'duplicate option value',
      { ...product, options: [{ name: 'Size', values: ['S', 's'] }, product.options[1]] },
      'options[0].values[1]',
      /appears twice/,
    ],
    [
      'option values equal once trimmed, as Shopify trims them',
      { ...product, options: [{ name: 'Size', values: ['M', 'M '] }, product.options[1]] },
      'options[0].values[1]',
      /"M" appears twice \("M" and "M " are one value.*surrounding whitespace/,
      'P1',
    ],
    [
      'option names equal once trimmed',
      { ...product, options: [product.options[0], { name: ' Size', values: ['x'] }] },
      'options[1]',
      /option name "Size" appears twice/,
    ],
    [
      'option value of 256 characters once trimmed',
      {
        ...product,
        options: [{ name: 'Size', values: ['S', ` ${'m'.repeat(256)}`] }, product.options[1]],
      },
      'options[0].values[1]',
      /256 characters.*at most 255/,
    ],
    [
      'option name of only whitespace',
      { ...product, options: [{ name: ' \t', values: ['S', 'M'] }, product.options[1]] },
      'options[0].name',
      /must not be empty/,
    ],
    [
      'duplicate option name',
      { ...product, options: [product.options[0], { name: 'size', values: ['x'] }] },
      'options[1]',
      /appears twice/,
    ],
    ['no variants', { ...product, variants: [] }, 'variants', /at least one variant/],
    ['variants not an array', { ...product, variants: {} }, 'variants', /must be an array/],
    [
      'too few option values',
      withVariant(0, { optionValues: ['S'] }),
      'variants[0].optionValues',
      /1 values for 2 product options/,
    ],
    [
      'unknown option value',
      withVariant(1, { optionValues: ['XL', 'Blue'] }),
      'variants[1].optionValues[0]',
      /"XL" is not a value of option "Size"/,
    ],
    [
      'duplicate variant id',
      withVariant(1, { id: 'P1-1' }),
      'variants[1].id',
      /variant id "P1-1" appears twice/,
    ],
    [
      'duplicate SKU',
      withVariant(1, { sku: 'SKU-1' }),
      'variants[1].sku',
      /SKU "SKU-1" appears twice/,
    ],
    [
      'duplicate combination',
      withVariant(1, { optionValues: ['S', 'Red'] }),
      'variants[1].optionValues',
      /option combination/,
    ],
    ['missing SKU', withVariant(0, { sku: undefined }), 'variants[0].sku', /must be a string/],
    [
      'SKU over 255 characters, the variant named by its id',
      withVariant(1, { sku: 'x'.repeat(256) }),
      'variants[1].sku',
      /^variant "P1-2": is 256 characters long, at most 255 allowed$/,
      'P1',
    ],
    [
      'barcode over 255 characters',
      withVariant(0, { barcode: '1'.repeat(256) }),
      'variants[0].barcode',
      /^variant "P1-1": is 256 characters long/,
    ],
    [
      'negative weight',
      withVariant(0, { weightGrams: -1 }),
      'variants[0].weightGrams',
      /non-negative/,
    ],
    [
      'weight as string',
      withVariant(0, { weightGrams: '12' }),
      'variants[0].weightGrams',
      /non-negative/,
    ],
    [
      'two variants, no options',
      {
        ...product,
        options: [],
        variants: product.variants.map((v) => ({ ...v, optionValues: [] })),
      },
      'options',
      /one variant/,
    ],
  ]);
});

test('malformed categories and prices (table)', () => {
  check(parseCategory, [
    ['own parent', { ...category, parentId: 'C1' }, 'parentId', /own parent/, 'C1'],
    ['empty name', { ...category, name: '' }, 'name', /must not be empty/],
    ['numeric id', { ...category, id: 1 }, 'id', /must be a string/, '(unknown #7)'],
    ['description object', { ...category, description: {} }, 'description', /string or null/],
  ]);
  check(parsePrice, [
    [
      'amount as number',
      { ...price, amount: 19.99 },
      'amount',
      /decimal string.*got a number/,
      'P1-1',
    ],
    ['negative', { ...price, amount: '-1.00' }, 'amount', /non-negative decimal/],
    ['comma decimal', { ...price, amount: '19,99' }, 'amount', /non-negative decimal/],
    ['exponent', { ...price, amount: '1e3' }, 'amount', /non-negative decimal/],
    ['leading zero', { ...price, amount: '019.99' }, 'amount', /non-negative decimal/],
    [
      'three decimals in EUR',
      { ...price, amount: '19.999' },
      'amount',
      /3 decimals, EUR allows at most 2/,
    ],
    [
      'decimals in JPY',
      { ...price, amount: '19.5', compareAtAmount: null, currency: 'JPY' },
      'amount',
      /JPY allows at most 0/,
    ],
    [
      'bad compareAt',
      { ...price, compareAtAmount: 'free' },
      'compareAtAmount',
      /non-negative decimal/,
    ],
    ['lower-case currency', { ...price, currency: 'eur' }, 'currency', /ISO 4217/],
    ['currency symbol', { ...price, currency: '€' }, 'currency', /ISO 4217/],
    [
      'missing variantId',
      { ...price, variantId: null },
      'variantId',
      /must be a string/,
      '(unknown #7)',
    ],
  ]);
});

// Half a surrogate pair, as left by a system that cut "🪑" (\ud83e\ude91) between its two units.
const HIGH = '\ud83e';
const LOW = '\ude91';
const broken = (at: number, unit: string) =>
  new RegExp(
    `^(variant "[^"]+": )?contains a broken character \\(a lone UTF-16 surrogate at position ${at}, \\\\u${unit}\\); fix the text in API X$`,
  );

test('every string field refuses half a surrogate pair, naming field and position (table)', () => {
  const withOption = (patch: object) => ({
    ...product,
    options: [{ ...product.options[0], ...patch }, product.options[1]],
  });
  check(parseProduct, [
    ['id, lone high', { ...product, id: `P1${HIGH}` }, 'id', broken(2, 'd83e'), '(unknown #7)'],
    [
      'title, lone high (cut emoji)',
      { ...product, title: `Chair ${HIGH}` },
      'title',
      broken(6, 'd83e'),
      'P1',
    ],
    ['title, lone low', { ...product, title: `${LOW}Chair` }, 'title', broken(0, 'de91')],
    ['title, reversed pair', { ...product, title: `x${LOW}${HIGH}` }, 'title', broken(1, 'de91')],
    [
      'description',
      { ...product, description: `<p>${HIGH}</p>` },
      'description',
      broken(3, 'd83e'),
    ],
    ['vendor', { ...product, vendor: `Acme${LOW}` }, 'vendor', broken(4, 'de91')],
    ['type', { ...product, type: HIGH }, 'type', broken(0, 'd83e')],
    [
      'category id',
      { ...product, categoryIds: ['C1', `C${LOW}`] },
      'categoryIds[1]',
      broken(1, 'de91'),
    ],
    ['option name', withOption({ name: `Size${HIGH}` }), 'options[0].name', broken(4, 'd83e')],
    // Position as sent, before Shopify's trimming.
    [
      'option value',
      withOption({ values: ['S', ` M${HIGH}`] }),
      'options[0].values[1]',
      broken(2, 'd83e'),
    ],
    ['variant id', withVariant(1, { id: `P1-2${LOW}` }), 'variants[1].id', broken(4, 'de91')],
    ['SKU', withVariant(0, { sku: `SKU-1${HIGH}` }), 'variants[0].sku', broken(5, 'd83e')],
    [
      'barcode',
      withVariant(0, { barcode: `${LOW}4006381333931` }),
      'variants[0].barcode',
      broken(0, 'de91'),
    ],
    [
      'variant option value',
      withVariant(1, { optionValues: [`M${HIGH}`, 'Blue'] }),
      'variants[1].optionValues[0]',
      broken(1, 'd83e'),
    ],
  ]);
  check(parseCategory, [
    ['category id', { ...category, id: `C1${HIGH}` }, 'id', broken(2, 'd83e'), '(unknown #7)'],
    ['parent id', { ...category, parentId: LOW }, 'parentId', broken(0, 'de91'), 'C1'],
    ['name', { ...category, name: `Home${HIGH}` }, 'name', broken(4, 'd83e')],
    [
      'description',
      { ...category, description: `${LOW}${HIGH}` },
      'description',
      broken(0, 'de91'),
    ],
  ]);
  check(parsePrice, [
    [
      'variant id',
      { ...price, variantId: `P1-1${HIGH}` },
      'variantId',
      broken(4, 'd83e'),
      '(unknown #7)',
    ],
  ]);
});

test('a NUL holds the record back the same way, named as such (PostgreSQL stores no NUL)', () => {
  const nul = (at: number) =>
    new RegExp(
      `^(variant "[^"]+": )?contains a broken character \\(a NUL character at position ${at}, \\\\u0000\\); fix the text in API X$`,
    );
  check(parseProduct, [
    ['title', { ...product, title: 'Ch\u0000air' }, 'title', nul(2), 'P1'],
    ['id', { ...product, id: 'P\u00001' }, 'id', nul(1), '(unknown #7)'],
    ['SKU', withVariant(0, { sku: '\u0000' }), 'variants[0].sku', nul(0)],
  ]);
  check(parsePrice, [
    ['variant id', { ...price, variantId: 'P1-1\u0000' }, 'variantId', nul(4), '(unknown #7)'],
  ]);
});

test('a whole surrogate pair is text like any other (emoji in every string field)', () => {
  const emoji = '🪑';
  const p = parseProduct({
    ...product,
    id: `P1${emoji}`,
    title: `Chair ${emoji}`,
    description: emoji,
    vendor: emoji,
    options: [{ name: `Size${emoji}`, values: [`S${emoji}`, 'M'] }, product.options[1]],
    variants: product.variants.map((v, i) =>
      i === 0 ? { ...v, id: `V${emoji}`, sku: emoji, optionValues: [`S${emoji}`, 'Red'] } : v,
    ),
  });
  assert.ok(p.ok, JSON.stringify(p));
  if (p.ok) assert.is(p.value.title, `Chair ${emoji}`);
  assert.ok(parseCategory({ ...category, name: emoji }).ok);
  assert.ok(parsePrice({ ...price, variantId: `V${emoji}` }).ok);
});

test.run();
