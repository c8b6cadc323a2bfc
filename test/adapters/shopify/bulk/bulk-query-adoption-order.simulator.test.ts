import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startBulkQuery } from '../../../../src/adapters/shopify/bulk/start-query.js';
import {
  ANSWER_LOST,
  type ShopifyGraphqlClient,
} from '../../../../src/adapters/shopify/shopify-graphql-client.js';
import { UpstreamError } from '../../../../src/domain/errors.js';
import { createTestLogger } from '../support/test-logger.js';
import { startSimulatedShop } from '../support/simulated-shop.js';

const EXPORT = '{ products { edges { node { id } } } }';
/** A frozen clock: every export below is created in the same second. */
const AT = Date.parse('2026-11-30T12:00:00Z');

const RUN = `mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) {
  bulkOperation { id } userErrors { message } } }`;

test('simulator: bulkOperations lists newest first by default, oldest first with reverse', async () => {
  const s = await startSimulatedShop({ now: () => AT });
  try {
    const client = s.client();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await client.request<{ bulkOperationRunQuery: { bulkOperation: { id: string } } }>(
        RUN,
        { q: EXPORT },
      );
      ids.push(r.bulkOperationRunQuery.bulkOperation.id);
    }
    const list = async (args: string) =>
      (
        await client.request<{ bulkOperations: { nodes: { id: string }[] } }>(
          `{ bulkOperations(first: 10${args}) { nodes { id } } }`,
        )
      ).bulkOperations.nodes.map((n) => n.id);
    assert.equal(await list(''), [...ids].reverse());
    assert.equal(await list(', sortKey: CREATED_AT'), [...ids].reverse());
    assert.equal(await list(', reverse: true'), ids);
    // Pages follow the same order.
    assert.equal(await list(', last: 2'), ids.slice(0, 2).reverse());
  } finally {
    await s.sim.close();
  }
});

test('lost answer with an earlier export of the same query in the same second: ours (the newer) is adopted', async () => {
  const s = await startSimulatedShop({ now: () => AT });
  try {
    const client = s.client();
    // An export of the same document started just before ours (an earlier run, another worker).
    const earlier = await client.request<{
      bulkOperationRunQuery: { bulkOperation: { id: string } };
    }>(RUN, { q: EXPORT });
    // Ours: Shopify creates it, the answer never arrives.
    s.sim.faults.loseAnswerOf('bulkOperationRunQuery', 1);
    const { operationId: adopted } = await startBulkQuery(
      { client, log: createTestLogger(s.lines), now: () => AT },
      'products',
      EXPORT,
    );
    const listed = (
      await client.request<{ bulkOperations: { nodes: { id: string }[] } }>(
        '{ bulkOperations(first: 10) { nodes { id } } }',
      )
    ).bulkOperations.nodes.map((n) => n.id);
    assert.is(listed.length, 2, 'adopted, not started a third time');
    assert.is.not(adopted, earlier.bulkOperationRunQuery.bulkOperation.id);
    assert.is(adopted, listed[0]);
  } finally {
    await s.sim.close();
  }
});

/** An in-memory Shopify whose start answers are lost and which lists `nodes` in that order. */
function listing(nodes: { id: string; createdAt: string }[]): ShopifyGraphqlClient {
  return {
    request<T>(document: string): Promise<T> {
      if (document.includes('bulkOperationRunQuery'))
        return Promise.reject(
          new UpstreamError('shopify', 'RunBulkQuery answer lost (timeout)', {
            retryable: true,
            code: ANSWER_LOST,
          }),
        );
      return Promise.resolve({
        bulkOperations: { nodes: nodes.map((n) => ({ ...n, status: 'RUNNING', query: EXPORT })) },
      } as T);
    },
    usage: () => ({ costPoints: 0, throttled: 0, requests: 0 }),
  };
}

const op = (num: number, createdAt: string) => ({
  id: `gid://shopify/BulkOperation/${num}`,
  createdAt,
});

// Two copies of the export in the window; the adopted one must not hang on the listing order.
const cases: [name: string, ops: ReturnType<typeof op>[], adopted: string][] = [
  [
    'different seconds',
    [op(7, '2026-11-30T11:59:40Z'), op(9, '2026-11-30T12:00:00Z')],
    'gid://shopify/BulkOperation/9',
  ],
  [
    'the same second',
    [op(7, '2026-11-30T12:00:00Z'), op(9, '2026-11-30T12:00:00Z')],
    'gid://shopify/BulkOperation/9',
  ],
];

for (const [name, ops, adopted] of cases)
  for (const order of ['oldest first', 'newest first'] as const)
    test(`adoption, two copies of ${name}, listed ${order}: the newest`, async () => {
      const nodes = order === 'oldest first' ? ops : [...ops].reverse();
      const started = await startBulkQuery(
        { client: listing(nodes), log: createTestLogger(), now: () => AT },
        'products',
        EXPORT,
      );
      assert.is(started.operationId, adopted);
      // When it was created: it may have read before this run began (fetch-orders' read time).
      const createdAt = ops.find((o) => o.id === adopted)?.createdAt ?? '';
      assert.is(started.adoptedCreatedAt, new Date(createdAt).toISOString());
    });

test('adoption of an export listed without createdAt: dated at the listing window start', async () => {
  const started = await startBulkQuery(
    {
      client: listing([{ id: 'gid://shopify/BulkOperation/5', createdAt: '' }]),
      log: createTestLogger(),
      now: () => AT,
    },
    'products',
    EXPORT,
  );
  assert.equal(started, {
    operationId: 'gid://shopify/BulkOperation/5',
    adoptedCreatedAt: new Date(AT - 60_000).toISOString(),
  });
});

test.run();
