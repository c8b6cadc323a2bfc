import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { NoDeprecatedCustomRule, buildClientSchema, parse, validate } from 'graphql';
import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_CUSTOM_ID_NAMESPACE } from '../../../src/domain/model/custom-id.js';
import * as doctorDocuments from '../../../src/adapters/shopify/doctor-documents.js';
import * as bulkDocuments from '../../../src/adapters/shopify/bulk/bulk-documents.js';
import * as bulkImportDocuments from '../../../src/adapters/shopify/catalog/bulk-import-documents.js';
import * as collectionDocuments from '../../../src/adapters/shopify/catalog/collection-documents.js';
import * as deletionDocuments from '../../../src/adapters/shopify/catalog/deletion-documents.js';
import * as priceDocuments from '../../../src/adapters/shopify/catalog/price-documents.js';
import * as productDocuments from '../../../src/adapters/shopify/catalog/product-documents.js';
import * as publicationDocuments from '../../../src/adapters/shopify/catalog/publication-documents.js';
import * as shopSetupDocuments from '../../../src/adapters/shopify/catalog/shop-setup-documents.js';
import * as variantLookupDocuments from '../../../src/adapters/shopify/catalog/variant-lookup-documents.js';
import * as destroyEventDocuments from '../../../src/adapters/shopify/destroy-event-documents.js';
import * as orderDocuments from '../../../src/adapters/shopify/order-documents.js';
import * as fulfillmentDocuments from '../../../src/adapters/shopify/fulfillment-documents.js';
import * as inventoryDocuments from '../../../src/adapters/shopify/inventory-documents.js';
import { toProductSetVariables } from '../../../src/adapters/shopify/product-set-input.js';

const documents = {
  ...shopSetupDocuments,
  ...publicationDocuments,
  ...collectionDocuments,
  ...productDocuments,
  ...variantLookupDocuments,
  ...priceDocuments,
  ...bulkImportDocuments,
  ...deletionDocuments,
  ...destroyEventDocuments,
  ...bulkDocuments,
  ...orderDocuments,
  ...doctorDocuments,
  ...fulfillmentDocuments,
  ...inventoryDocuments,
};

/**
 * The version the service requests (2026-10) and the one before it (2026-07): a document must
 * stay valid, and free of deprecated fields, in both, so a store still served 2026-07 (Shopify
 * serves the oldest supported version when asked for one it does not serve) runs the same job.
 * Both files come unchanged from one npm package (simulators/shopify/admin-schema/NOTICE).
 */
const VERSIONS = ['2026-10', '2026-07'] as const;

function loadSchema(version: string): GraphQLSchema {
  const raw = JSON.parse(
    gunzipSync(
      readFileSync(
        new URL(
          `../../../simulators/shopify/admin-schema/admin_${version}.json.gz`,
          import.meta.url,
        ),
      ),
    ).toString(),
  ) as IntrospectionQuery | { data: IntrospectionQuery };
  return buildClientSchema('data' in raw ? raw.data : raw);
}

const schemas = VERSIONS.map((version) => [version, loadSchema(version)] as const);

/**
 * Builders whose argument is not the custom-id namespace and key, with a sample argument: the
 * aliased inventory mutations are built for n items per request (3 here; each alias is the same
 * text, so 3 checks the numbering as well as 50 would).
 */
const builderArgs: Record<string, readonly unknown[]> = {
  ordersBulkQuery: ['updated_at:>=1'],
  trackItemsDocument: [3],
  activateItemsDocument: [3],
};
/** Exports of the documents modules that are neither documents nor builders of one. */
const NOT_DOCUMENTS = new Set(['aliasOf']);

/** Every exported document; builders are called with the configuration the service ships with. */
const all: [string, string][] = [
  // Sizes exported next to their documents (ITEMS_PER_REQUEST) are not documents.
  ...Object.entries(documents)
    .filter(([name, value]) => typeof value !== 'number' && !NOT_DOCUMENTS.has(name))
    .map(([name, value]): [string, string] => [
      name,
      typeof value === 'function'
        ? (value as (...a: unknown[]) => string)(
            ...(builderArgs[name] ?? ['custom', 'external_id']),
          )
        : String(value),
    ]),
  ...(['none', 'contact'] as const).map((fields): [string, string] => [
    `ordersBulkQuery (${fields})`,
    documents.ordersBulkQuery('updated_at:>=1', fields),
  ]),
];

test('the module exports documents at all', () => {
  assert.ok(all.length >= 15, `found ${all.length}`);
});

for (const [version, schema] of schemas) {
  for (const [name, document] of all) {
    test(`${name} is valid against the Admin API ${version} schema`, () => {
      const errors = validate(schema, parse(document));
      assert.equal(
        errors.map((e) => e.message),
        [],
      );
    });
    // Shopify answers a deprecated field with X-Shopify-API-Deprecated-Reason and removes it in a
    // later version (help.shopify.com/en/api/getting-started/api-deprecations): none may be used.
    test(`${name} uses no field, argument or enum value deprecated in ${version}`, () => {
      const errors = validate(schema, parse(document), [NoDeprecatedCustomRule]);
      assert.equal(
        errors.map((e) => e.message),
        [],
      );
    });
  }
}

test('the two schemas are different versions, not one file twice', () => {
  const [newer, older] = schemas.map(([, s]) => s);
  assert.ok(newer && older);
  assert.not.equal(Object.keys(newer.getTypeMap()).sort(), Object.keys(older.getTypeMap()).sort());
});

/**
 * Input objects travel as variables, which document validation never sees: walks a value against
 * its input type and names every field that is unknown or deprecated (`@deprecated` on input
 * fields, as ProductSetInput.id is in both versions).
 */
function inputProblems(type: GraphQLInputType, value: unknown, at: string): string[] {
  if (value === null || value === undefined) return [];
  if (isNonNullType(type)) return inputProblems(type.ofType, value, at);
  if (isListType(type))
    return Array.isArray(value)
      ? value.flatMap((v, i) => inputProblems(type.ofType, v, `${at}.${i}`))
      : [];
  const named = getNamedType(type);
  if (!isInputObjectType(named) || typeof value !== 'object') return [];
  const fields = named.getFields();
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const field = fields[key];
    if (!field) return [`${at}.${key} is not a field of ${named.name}`];
    return [
      ...(field.deprecationReason
        ? [`${at}.${key} is deprecated: ${field.deprecationReason}`]
        : []),
      ...inputProblems(field.type, v, `${at}.${key}`),
    ];
  });
}

// A new variant (no id: carries its custom id) and an existing one (by id), every optional field.
const productSetVariables = toProductSetVariables(
  {
    externalId: 'P1',
    title: 'T',
    descriptionHtml: '<p>d</p>',
    vendor: 'V',
    productType: 'PT',
    handle: 'h',
    status: 'ACTIVE',
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: [
      {
        externalId: 'V1',
        sku: 'S1',
        barcode: '1',
        optionValues: [{ optionName: 'Size', name: 'S' }],
        weightGrams: 5,
        price: '1.00',
        compareAtPrice: '2.00',
      },
      {
        externalId: 'V2',
        shopifyId: 'gid://shopify/ProductVariant/2',
        sku: 'S2',
        barcode: null,
        optionValues: [{ optionName: 'Size', name: 'M' }],
        weightGrams: null,
        price: null,
        compareAtPrice: null,
      },
    ],
  },
  { namespace: '$app:integration', key: 'external_id' },
);

for (const [version, schema] of schemas) {
  test(`productSet variables use only current input fields in ${version}`, () => {
    const args = schema.getMutationType()?.getFields()['productSet']?.args ?? [];
    const typeOf = (name: string) => args.find((a) => a.name === name)?.type;
    const identifierType = typeOf('identifier');
    const inputType = typeOf('input');
    assert.ok(identifierType && inputType);
    assert.equal(
      [
        ...inputProblems(identifierType, productSetVariables.identifier, 'identifier'),
        ...inputProblems(inputType, productSetVariables.input, 'input'),
      ],
      [],
    );
    // The walker itself must see a deprecated input field.
    assert.equal(inputProblems(inputType, { id: 'gid://shopify/Product/1' }, 'input').length, 1);
  });
}

test('a misspelt field would be caught in every version', () => {
  for (const [, schema] of schemas) {
    const errors = validate(schema, parse('query { shop { currencyCodes } }'));
    assert.ok(errors.length > 0);
  }
});

// The default namespace is app-owned ($app:<suffix>): the weekly complete deletion check failed
// every run with it until ':' was allowed (found by bench:catalog --scenario deletion-check).
test('the bulk export builder takes the default app-owned namespace', () => {
  const query = documents.syncedProductsBulkQuery(DEFAULT_CUSTOM_ID_NAMESPACE, 'external_id');
  assert.match(query, `metafield(namespace: "${DEFAULT_CUSTOM_ID_NAMESPACE}", key: "external_id")`);
});

test('the bulk export builder refuses namespace/key that could inject GraphQL', () => {
  assert.throws(() => documents.syncedProductsBulkQuery('x") { id } #', 'k'));
});

test.run();
