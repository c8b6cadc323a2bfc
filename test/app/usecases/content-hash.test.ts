/** contentHash decides "changed or not" for orders and catalogue records: equal content, equal hash. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { productHash } from '../../../src/app/usecases/catalog-mapping.js';
import {
  canonicalJson,
  contentHash,
  productRecordKey,
  recordDigest,
} from '../../../src/app/usecases/content-hash.js';
import type { ProductDraft } from '../../../src/domain/model/catalog-write.js';

const cases: [string, unknown, string][] = [
  ['keys sorted', { b: 1, a: 2 }, '{"a":2,"b":1}'],
  ['nested keys sorted', { z: { y: 1, x: [{ d: 1, c: 2 }] } }, '{"z":{"x":[{"c":2,"d":1}],"y":1}}'],
  ['array order kept', [3, 1, 2], '[3,1,2]'],
  ['undefined fields left out', { a: undefined, b: null }, '{"b":null}'],
  ['undefined alone reads as null', undefined, 'null'],
  ['strings escaped as JSON', { 'k"': 'ä\n' }, '{"k\\"":"ä\\n"}'],
  ['numbers and booleans as JSON', { n: 1.5, t: true }, '{"n":1.5,"t":true}'],
];
for (const [name, value, expected] of cases)
  test(`canonicalJson: ${name}`, () => {
    assert.is(canonicalJson(value), expected);
  });

const same: [string, unknown, unknown, boolean][] = [
  ['key order does not matter', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
  ['an undefined field equals a missing one', { a: 1, b: undefined }, { a: 1 }, true],
  ['null is not missing', { a: 1, b: null }, { a: 1 }, false],
  ['array order matters', { a: [1, 2] }, { a: [2, 1] }, false],
  ['a string is not a number', { a: '1' }, { a: 1 }, false],
  ['a changed nested value', { a: { b: 1 } }, { a: { b: 2 } }, false],
];
for (const [name, a, b, equal] of same)
  test(`contentHash: ${name}`, () => {
    assert.is(contentHash(a) === contentHash(b), equal);
    assert.match(contentHash(a), /^[0-9a-f]{64}$/);
  });

// The form the stored hashes (mappings.content_hash) were made with, written plainly: a faster
// canonicalJson must produce the very same text, or every product would look changed once.
function referenceCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

test('canonicalJson: the same text as the form stored hashes were made with, for any JSON', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      assert.is(canonicalJson(value), referenceCanonicalJson(value));
    }),
    { numRuns: 500 },
  );
});

test('productHash: a draft hashes as it did when its mapping was stored (prices left out)', () => {
  const draft: ProductDraft = {
    externalId: 'P-1',
    title: 'Tee "classic"',
    descriptionHtml: '<p>Soft ä</p>',
    vendor: 'Acme',
    productType: 'Shirt',
    status: 'ACTIVE',
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: [
      {
        externalId: 'P-1-S',
        sku: 'T-S',
        barcode: null,
        optionValues: [{ optionName: 'Size', name: 'S' }],
        weightGrams: 120,
        price: '10.00',
        compareAtPrice: null,
      },
      {
        externalId: 'P-1-M',
        sku: 'T-M',
        barcode: '123',
        optionValues: [{ optionName: 'Size', name: 'M' }],
        weightGrams: null,
        price: null,
        compareAtPrice: null,
      },
    ],
  };
  const stored = '95cbb47249dda4cb2274d1bb04c85a73813764f31f1e1da8d340409e14e5050d';
  assert.is(productHash(draft), stored);
  assert.is(
    productHash({ ...draft, variants: draft.variants.map((v) => ({ ...v, price: '99.00' })) }),
    stored,
  );
  assert.is.not(productHash({ ...draft, vendor: 'Acme Ltd' }), stored);
  assert.is.not(productHash({ ...draft, status: 'DRAFT' }), stored);
});

test('recordDigest: equal records equal, any changed field differs', () => {
  const record = { id: 'P-1', tags: ['a', 'b'], nested: { n: 1, s: null } };
  assert.is(recordDigest(record), recordDigest(structuredClone(record)));
  assert.is.not(recordDigest(record), recordDigest({ ...record, tags: ['b', 'a'] }));
  assert.is.not(recordDigest(record), recordDigest({ ...record, nested: { n: 2, s: null } }));
});

// productRecordKey: any part that differs gives another key (digest, status, release).
const keys: [string, [string, string, string], boolean][] = [
  ['all equal', ['d1', 'ACTIVE', 'r1'], true],
  ['another digest', ['d2', 'ACTIVE', 'r1'], false],
  ['another status', ['d1', 'DRAFT', 'r1'], false],
  ['another release', ['d1', 'ACTIVE', 'r2'], false],
];
for (const [name, parts, equal] of keys)
  test(`productRecordKey: ${name}`, () => {
    assert.is(productRecordKey(...parts) === productRecordKey('d1', 'ACTIVE', 'r1'), equal);
  });

test.run();
