import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  START_ATTEMPTS,
  startBulkQuery,
} from '../../../../src/adapters/shopify/bulk/start-query.js';
import { createShopifyBulk } from '../../../../src/adapters/shopify/bulk/shopify-bulk.js';
import {
  ANSWER_LOST,
  type ShopifyGraphqlClient,
} from '../../../../src/adapters/shopify/shopify-graphql-client.js';
import { UpstreamError } from '../../../../src/domain/errors.js';
import { createTestLogger } from '../support/test-logger.js';
import { startSimulatedShop, type SimulatedShop } from '../support/simulated-shop.js';

const EXPORT = '{ products { edges { node { id } } } }';
const PRODUCTS = 4;

async function shop(): Promise<SimulatedShop> {
  const s = await startSimulatedShop({ bulkRowsPerSecond: 5000 });
  s.sim.state.seedProducts(PRODUCTS, (i) => ({ title: `Tee ${i}` }));
  return s;
}

async function exportsStarted(s: SimulatedShop): Promise<number> {
  const data = await s
    .client()
    .request<{ bulkOperations: { nodes: unknown[] } }>(
      '{ bulkOperations(first: 50, query: "operation_type:query") { nodes { id } } }',
    );
  return data.bulkOperations.nodes.length;
}

async function runExport(s: SimulatedShop): Promise<number> {
  const bulk = createShopifyBulk({
    client: s.client(),
    logger: createTestLogger(s.lines),
    polling: { min: 5, max: 20 },
  });
  const run = await bulk.runQuery('products', EXPORT, 'the next run exports again');
  let rows = 0;
  if (run.url) for await (const _ of bulk.exportRows(run.operationId, run.url)) rows += 1;
  return rows;
}

test('a lost answer to bulkOperationRunQuery: the export Shopify started is adopted, not started again', async () => {
  const s = await shop();
  try {
    // Executed by Shopify, its answer never arrives (the simulator's lose-answer fault).
    s.sim.faults.loseAnswerOf('bulkOperationRunQuery', 1);
    assert.is(await runExport(s), PRODUCTS);
    assert.is(await exportsStarted(s), 1, 'one export, not a copy per retry');
    assert.ok(
      s.lines.some((l) => l.includes('the answer to its start was lost, Shopify lists it')),
    );
  } finally {
    await s.sim.close();
  }
});

test('every answer lost: still one export (the old retries started five, then LIMIT_REACHED)', async () => {
  const s = await shop();
  try {
    s.sim.faults.loseAnswerOf('bulkOperationRunQuery', 6);
    assert.is(await runExport(s), PRODUCTS);
    assert.is(await exportsStarted(s), 1);
  } finally {
    s.sim.faults.clear();
    await s.sim.close();
  }
});

test('a start that never reached Shopify (connection dropped, nothing listed) is sent again', async () => {
  const s = await shop();
  try {
    s.sim.faults.dropNext(1);
    assert.is(await runExport(s), PRODUCTS);
    assert.is(await exportsStarted(s), 1);
    assert.ok(s.lines.some((l) => l.includes('Shopify lists none; starting it again')));
  } finally {
    await s.sim.close();
  }
});

test(`answers lost ${START_ATTEMPTS} times with nothing listed: a retryable error naming what was seen`, async () => {
  const sent: string[] = [];
  // An in-memory Shopify whose answers to the start never arrive and which lists no export.
  const client: ShopifyGraphqlClient = {
    request<T>(document: string): Promise<T> {
      sent.push(/(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? '?');
      if (document.includes('bulkOperationRunQuery'))
        return Promise.reject(
          new UpstreamError('shopify', 'RunBulkQuery answer lost (timeout)', {
            retryable: true,
            code: ANSWER_LOST,
          }),
        );
      return Promise.resolve({ bulkOperations: { nodes: [] } } as T);
    },
    usage: () => ({ costPoints: 0, throttled: 0, requests: 0 }),
  };
  const error = await startBulkQuery(
    { client, log: createTestLogger() },
    'inventory levels',
    EXPORT,
  ).catch((e: unknown) => e);
  assert.instance(error, UpstreamError);
  const e = error as UpstreamError;
  assert.ok(e.retryable);
  assert.match(e.message, `lost ${START_ATTEMPTS} times and Shopify lists no export of it`);
  assert.match(e.hint ?? '', 'bulkOperations');
  assert.equal(sent, [
    'RunBulkQuery',
    'RecentBulkQueries',
    'RunBulkQuery',
    'RecentBulkQueries',
    'RunBulkQuery',
    'RecentBulkQueries',
  ]);
});

test.run();
