/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any --
   these tests walk Shopify's JSON answers as untyped trees; the assertions are the type check. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { createTestClient } from './test-client.js';
import { useShopifySimulator } from '../../support/use-simulators.js';

// productVariants(query:) by SKU, as the catalogue job uses it to find products made by hand
// (2026-10 schema: the `sku` filter; shopify.dev search syntax: OR between terms, quoted values).
const sim = useShopifySimulator(test);
let gql: ReturnType<typeof createTestClient>;

const QUERY = `query($q: String!) {
  productVariants(first: 50, query: $q) {
    nodes { id sku product { id title variantsCount { count } } }
  }
}`;

const skus = async (q: string): Promise<string[]> => {
  const r = await gql(QUERY, { q });
  assert.is(r.body.errors, undefined, JSON.stringify(r.body.errors));
  return (r.body.data.productVariants.nodes as any[]).map((n) => n.sku as string).sort();
};

test.before(async () => {
  gql = createTestClient(sim);
  sim.state.seedProducts(2, (i) => ({
    title: `Made by hand ${i}`,
    productOptions: [{ name: 'Size', values: [{ name: 'S' }, { name: 'M' }] }],
    variants: [
      { optionValues: [{ optionName: 'Size', name: 'S' }], sku: i === 0 ? 'A-1' : 'B "2"' },
      { optionValues: [{ optionName: 'Size', name: 'M' }], sku: i === 0 ? 'A-2' : 'b-3' },
    ],
  }));
});

test('table: SKU searches with OR, quotes and escapes find exactly the named SKUs', async () => {
  const rows: [string, string[]][] = [
    ['sku:"A-1"', ['A-1']],
    ['sku:"A-1" OR sku:"b-3"', ['A-1', 'b-3']],
    ["sku:'a-2' OR sku:B-3", ['A-2', 'b-3']],
    ['sku:"B \\"2\\"" OR sku:"nothing"', ['B "2"']],
    ['sku:"A-1" sku:"A-2"', []],
    ['sku:"A"', []],
  ];
  for (const [q, expected] of rows) assert.equal(await skus(q), expected, q);
});

test('each variant names its product and how many variants it has', async () => {
  const r = await gql(QUERY, { q: 'sku:"A-2"' });
  const [node] = r.body.data.productVariants.nodes as any[];
  assert.is(node.product.title, 'Made by hand 0');
  assert.is(node.product.variantsCount.count, 2);
});

test.run();
