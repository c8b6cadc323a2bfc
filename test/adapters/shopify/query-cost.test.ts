import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ORDER_LINE_ITEMS_QUERY,
  ORDERS_PAGE_QUERY,
} from '../../../src/adapters/shopify/order-documents.js';
import { estimateQueryCost } from '../../../src/adapters/shopify/query-cost.js';

const cases: [string, string, Record<string, unknown>, number][] = [
  ['scalars on an object', '{ shop { name currencyCode } }', {}, 1],
  ['a connection: 2 + first x node', '{ products(first: 10) { nodes { id } } }', {}, 12],
  [
    'pageInfo paid once, not per item',
    '{ products(first: 10) { pageInfo { hasNextPage } nodes { id } } }',
    {},
    13,
  ],
  [
    'nested objects per item',
    '{ products(first: 10) { edges { node { id featuredMedia { id } } } } }',
    {},
    22,
  ],
  [
    'first from a variable',
    'query Q($n: Int!) { products(first: $n) { nodes { id } } }',
    { n: 50 },
    52,
  ],
  [
    'a mutation costs 10 plus its payload',
    'mutation { productDelete(input: { id: "x" }) { deletedProductId userErrors { field } } }',
    {},
    11,
  ],
];
for (const [name, doc, vars, expected] of cases)
  test(name, () => assert.is(estimateQueryCost(doc, vars), expected));

test('the order source page sizes stay well under the 1000-point query limit', () => {
  const page = estimateQueryCost(ORDERS_PAGE_QUERY, { first: 8, lineItemsFirst: 5 });
  const rest = estimateQueryCost(ORDER_LINE_ITEMS_QUERY, { first: 50 });
  assert.ok(page <= 600 && rest <= 600, `page ${page}, follow-up ${rest}`);
  assert.ok(
    estimateQueryCost(ORDERS_PAGE_QUERY, { first: 250, lineItemsFirst: 5 }) > 1000,
    '250 orders per page would be refused',
  );
});

test.run();
