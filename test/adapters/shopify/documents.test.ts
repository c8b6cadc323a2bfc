import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { NoDeprecatedCustomRule, buildClientSchema, parse, validate } from 'graphql';
import type { IntrospectionQuery } from 'graphql';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as doctorDocuments from '../../../src/adapters/shopify/doctor-documents.js';
import * as adapterDocuments from '../../../src/adapters/shopify/documents.js';

const documents = { ...adapterDocuments, ...doctorDocuments };

const raw = JSON.parse(
  gunzipSync(
    readFileSync(new URL('../../fixtures/shopify/admin_2026-10.json.gz', import.meta.url)),
  ).toString(),
) as IntrospectionQuery | { data: IntrospectionQuery };
const schema = buildClientSchema('data' in raw ? raw.data : raw);

/** Every exported document; builders are called with the configuration the service ships with. */
const all: [string, string][] = [
  ...Object.entries(documents).map(([name, value]): [string, string] => [
    name,
    name === 'ordersBulkQuery'
      ? documents.ordersBulkQuery('updated_at:>=1')
      : typeof value === 'function'
        ? (value as (a: string, b: string) => string)('custom', 'external_id')
        : value,
  ]),
  ...(['none', 'contact'] as const).map((fields): [string, string] => [
    `ordersBulkQuery (${fields})`,
    documents.ordersBulkQuery('updated_at:>=1', fields),
  ]),
];

test('the module exports documents at all', () => {
  assert.ok(all.length >= 15, `found ${all.length}`);
});

for (const [name, document] of all) {
  test(`${name} is valid against the Admin API 2026-10 schema`, () => {
    const errors = validate(schema, parse(document));
    assert.equal(
      errors.map((e) => e.message),
      [],
    );
  });
  // Shopify answers a deprecated field with X-Shopify-API-Deprecated-Reason and removes it in a
  // later version (help.shopify.com/en/api/getting-started/api-deprecations): none may be used.
  test(`${name} uses no deprecated field, argument or enum value`, () => {
    const errors = validate(schema, parse(document), [NoDeprecatedCustomRule]);
    assert.equal(
      errors.map((e) => e.message),
      [],
    );
  });
}

test('a misspelt field would be caught', () => {
  const errors = validate(schema, parse('query { shop { currencyCodes } }'));
  assert.ok(errors.length > 0);
});

test('the bulk export builder refuses namespace/key that could inject GraphQL', () => {
  assert.throws(() => documents.syncedProductsBulkQuery('x") { id } #', 'k'));
});

test.run();
