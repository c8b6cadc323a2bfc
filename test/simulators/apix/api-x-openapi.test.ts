import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkAgainst, type Json, loadContract, resolveRef } from './contract-schema.js';

const doc = loadContract();
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, found));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

function operations(): { path: string; method: string; op: Json }[] {
  return Object.entries(doc['paths'] as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ path, method, op: op as Json })),
  );
}

test('is OpenAPI 3.1 with info, servers and bearer security', () => {
  assert.match(String(doc['openapi']), /^3\.1\.\d+$/);
  const info = doc['info'] as Json;
  assert.type(info['title'], 'string');
  assert.type(info['version'], 'string');
  const schemes = (doc['components'] as Json)['securitySchemes'] as Json;
  assert.equal(schemes['bearerAuth'], {
    type: 'http',
    scheme: 'bearer',
    description: (schemes['bearerAuth'] as Json)['description'],
  });
  for (const requirement of doc['security'] as Json[])
    for (const name of Object.keys(requirement)) assert.ok(schemes[name], name);
});

test('every $ref points at something that exists', () => {
  const refs = refsIn(doc);
  assert.ok(refs.length > 50);
  const broken = refs.filter((ref) => resolveRef(doc, ref) === undefined);
  assert.equal(broken, []);
});

test('every schema, response and parameter defined is used', () => {
  const used = new Set(refsIn(doc));
  const components = doc['components'] as Json;
  const unused = ['schemas', 'responses', 'parameters', 'headers'].flatMap((kind) =>
    Object.keys(components[kind] as Json)
      .map((name) => `#/components/${kind}/${name}`)
      .filter((ref) => !used.has(ref)),
  );
  assert.equal(unused, []);
});

test('the operations the brief asks for exist, with unique operationIds and responses', () => {
  const ops = operations();
  assert.equal(ops.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort(), [
    'GET /v1/categories',
    'GET /v1/prices',
    'GET /v1/products',
    'GET /v1/shipments',
    'GET /v1/stock',
    'POST /v1/orders',
    'PUT /v1/orders/{reference}',
  ]);
  const ids = ops.map((o) => o.op['operationId']);
  assert.equal(new Set(ids).size, ids.length);
  for (const { op } of ops) {
    const responses = op['responses'] as Json;
    assert.ok(
      Object.keys(responses).some((s) => s.startsWith('2')),
      String(op['operationId']),
    );
    assert.ok(responses['401'] && responses['429'], String(op['operationId']));
  }
});

test('path templates are declared as path parameters, writes require Idempotency-Key', () => {
  for (const { path, method, op } of operations()) {
    const params = ((op['parameters'] ?? []) as Json[]).map((p) =>
      typeof p['$ref'] === 'string' ? (resolveRef(doc, p['$ref']) as Json) : p,
    );
    for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
      assert.ok(
        params.some((p) => p['in'] === 'path' && p['name'] === name && p['required'] === true),
        `${path} ${name}`,
      );
    }
    if (method === 'post' || method === 'put') {
      assert.ok(
        params.some(
          (p) => p['in'] === 'header' && p['name'] === 'Idempotency-Key' && p['required'] === true,
        ),
        path,
      );
    }
    if (method === 'get') {
      assert.equal(params.map((p) => p['name']).sort(), ['cursor', 'limit', 'updatedSince'], path);
    }
  }
});

test('the schema checker itself catches what it should (so the contract tests mean something)', () => {
  const valid = { variantId: 'V1', amount: '12.50', compareAtAmount: null, currency: 'EUR' };
  assert.equal(checkAgainst(doc, 'Price', valid), []);
  const table: [string, unknown][] = [
    ['number amount', { ...valid, amount: 12.5 }],
    ['negative', { ...valid, amount: '-1.00' }],
    ['lower-case currency', { ...valid, currency: 'eur' }],
    ['missing compareAtAmount', { variantId: 'V1', amount: '1', currency: 'EUR' }],
    ['empty id', { ...valid, variantId: '' }],
  ];
  for (const [name, value] of table) assert.ok(checkAgainst(doc, 'Price', value).length > 0, name);
  assert.equal(
    checkAgainst(doc, 'Error', {
      code: 'x',
      message: 'y',
      fieldErrors: [{ field: 'a', message: 'b' }],
    }),
    [],
  );
  assert.ok(checkAgainst(doc, 'Error', { message: 'y' }).length > 0);
});

test('stock levels are whole, non-negative on-hand counts per variant and warehouse', () => {
  const valid = {
    variantId: 'V1',
    warehouseId: 'WH-1',
    onHand: 7,
    updatedAt: '2026-11-30T10:00:00Z',
  };
  assert.equal(checkAgainst(doc, 'StockLevel', valid), []);
  const table: [string, unknown][] = [
    ['fractional', { ...valid, onHand: 1.5 }],
    ['negative', { ...valid, onHand: -1 }],
    ['a string', { ...valid, onHand: '7' }],
    ['no warehouse', { variantId: 'V1', onHand: 7, updatedAt: valid.updatedAt }],
    ['empty warehouse id', { ...valid, warehouseId: '' }],
  ];
  for (const [name, value] of table)
    assert.ok(checkAgainst(doc, 'StockLevel', value).length > 0, name);
});

test.run();
