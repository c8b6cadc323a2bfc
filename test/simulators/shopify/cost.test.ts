import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { queryCost } from '../../../simulators/shopify/cost.js';
import { loadAdminSchema } from '../../../simulators/shopify/schema.js';

const schema = loadAdminSchema();

function requested(query: string, variables: Record<string, unknown> = {}): number {
  const doc = parse(query);
  const operation = doc.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return queryCost({ schema, operation, fragments, variables });
}

const variants = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ optionValues: [{ optionName: 'Size', name: `S${i}` }] }));

const rows: [name: string, query: string, variables: Record<string, unknown>, expected: number][] =
  [
    ['scalars on an object', '{ shop { name currencyCode } }', {}, 1],
    ['object inside object', '{ product(id: "x") { id seo { title } } }', {}, 2],
    ['connection: 2 + first x node', '{ products(first: 250) { edges { node { id } } } }', {}, 252],
    [
      'connection via nodes',
      '{ products(first: 10) { nodes { id title } pageInfo { hasNextPage } } }',
      {},
      12,
    ],
    [
      'nested connections multiply',
      '{ products(first: 10) { nodes { variants(first: 5) { nodes { id } } } } }',
      {},
      2 + 10 * (1 + 2 + 5),
    ],
    [
      'first from a variable',
      'query($n: Int) { orders(first: $n) { nodes { id } } }',
      { n: 50 },
      52,
    ],
    [
      'fragments count',
      '{ product(id: "x") { ...F } } fragment F on Product { id featuredMedia { id } }',
      {},
      2,
    ],
    ['mutation: 10', 'mutation { productDelete(input: {id: "x"}) { deletedProductId } }', {}, 10],
    [
      'productSet: 10 + 0.2 per variant + the product object selected, rounded up',
      'mutation($i: ProductSetInput!) { productSet(input: $i) { product { id } } }',
      { i: { title: 't', variants: variants(3) } },
      12,
    ],
    [
      "a mutation's payload selection counts: 10 + product + a connection of 250",
      'mutation($i: ProductSetInput!) { productSet(input: $i) { product { variants(first: 250) { nodes { id } } } userErrors { field } } }',
      { i: { title: 't' } },
      10 + 1 + 2 + 250 + 1,
    ],
    [
      'productSet with 100 variants and 2 metafields',
      'mutation($i: ProductSetInput!) { productSet(input: $i) { product { id } } }',
      { i: { title: 't', variants: variants(100), metafields: [{ key: 'a' }, { key: 'b' }] } },
      10 + 20 + 1 + 1,
    ],
    [
      'two mutations',
      'mutation { a: productDelete(input: {id: "x"}) { deletedProductId } b: productDelete(input: {id: "y"}) { deletedProductId } }',
      {},
      20,
    ],
  ];

for (const [name, query, variables, expected] of rows) {
  test(`requested cost: ${name}`, () => {
    assert.is(requested(query, variables), expected);
  });
}

test.run();
