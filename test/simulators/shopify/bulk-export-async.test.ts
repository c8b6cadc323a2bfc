/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   these tests walk Shopify's JSON answers as untyped trees; the assertions are the type check. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'graphql';
import { EXPORT_PAGE_SIZE, pagedDocument } from '../../../simulators/shopify/bulk-export-pages.js';
import { startShopifySimulator } from '../../../simulators/shopify/index.js';
import { createTestClient } from './test-client.js';

const RUN_QUERY = `mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) {
  bulkOperation { id status objectCount } userErrors { field message code } } }`;
const POLL = 'query($id: ID!) { bulkOperation(id: $id) { status objectCount url } }';
const EXPORT = '{ products { edges { node { id variants { edges { node { id } } } } } } }';

/** A turn of the export build that waits until the test lets it go. */
function heldTurns() {
  let waiting: (() => void) | null = null;
  let arrived: (() => void) | null = null;
  let turns = 0;
  return {
    turn: () =>
      new Promise<void>((resolve) => {
        turns += 1;
        waiting = resolve;
        arrived?.();
      }),
    /** Resolves once the build waits at a turn. */
    reached: () =>
      new Promise<void>((resolve) => {
        if (waiting) resolve();
        else arrived = resolve;
      }),
    release() {
      const go = waiting;
      waiting = null;
      arrived = null;
      go?.();
    },
    get turns() {
      return turns;
    },
  };
}

test('pagedDocument: the root connection gets a page window; a window of the client is kept', () => {
  const paged = pagedDocument(parse(EXPORT), 250, 'abc');
  assert.ok(paged);
  const root = (paged.definitions[0] as any).selectionSet.selections[0];
  assert.equal(
    root.arguments.map((a: any) => [a.name.value, a.value.value]),
    [
      ['first', '250'],
      ['after', 'abc'],
    ],
  );
  assert.is(
    pagedDocument(parse('{ products(first: 5) { edges { node { id } } } }'), 250, null),
    null,
  );
  assert.is(pagedDocument(parse('{ shop { name } }'), 250, null), null);
});

test('bulkOperationRunQuery answers before the export is built; other requests are served while it builds', async () => {
  const held = heldTurns();
  const sim = await startShopifySimulator({
    bulkRowsPerSecond: 100_000,
    bulkExportTurn: held.turn,
  });
  try {
    const gql = createTestClient(sim);
    const products = EXPORT_PAGE_SIZE * 2 + 10; // three pages
    sim.state.seedProducts(products, (i) => ({ title: `P${i}` }));

    const run = await gql(RUN_QUERY, { q: EXPORT });
    assert.equal(run.body.data.bulkOperationRunQuery.userErrors, []);
    const op = run.body.data.bulkOperationRunQuery.bulkOperation;
    assert.is(op.status, 'CREATED');

    // The build is parked between its first and second page: the answer did not wait for it.
    await held.reached();
    const during = await gql(POLL, { id: op.id });
    assert.ok(['CREATED', 'RUNNING'].includes(during.body.data.bulkOperation.status));
    assert.is(during.body.data.bulkOperation.url, null);
    const other = await gql('{ shop { name } }');
    assert.ok(other.body.data.shop.name, 'another request is served while the export builds');

    held.release(); // second page
    await held.reached();
    assert.ok(
      ['CREATED', 'RUNNING'].includes(
        (await gql(POLL, { id: op.id })).body.data.bulkOperation.status,
      ),
    );
    held.release(); // third and last page

    let done: any;
    for (;;) {
      done = (await gql(POLL, { id: op.id })).body.data.bulkOperation;
      if (done.status !== 'CREATED' && done.status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.is(done.status, 'COMPLETED');
    assert.is(held.turns, 2, 'one turn between each two pages');
    const rows = (await (await fetch(done.url)).text()).trim().split('\n');
    assert.is(rows.length, products * 2, 'every product and variant, across the pages');
    assert.is(done.objectCount, String(products * 2));
  } finally {
    await sim.close();
  }
});

test('a bulk export cancelled while it builds ends CANCELED', async () => {
  const held = heldTurns();
  const sim = await startShopifySimulator({ bulkExportTurn: held.turn });
  try {
    const gql = createTestClient(sim);
    sim.state.seedProducts(EXPORT_PAGE_SIZE + 1, (i) => ({ title: `P${i}` }));
    const run = await gql(RUN_QUERY, { q: EXPORT });
    const id: string = run.body.data.bulkOperationRunQuery.bulkOperation.id;
    await held.reached();
    await gql(`mutation { bulkOperationCancel(id: "${id}") { userErrors { message } } }`);
    held.release();
    let status = '';
    for (;;) {
      status = (await gql(POLL, { id })).body.data.bulkOperation.status;
      if (status !== 'CANCELING') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.is(status, 'CANCELED');
  } finally {
    await sim.close();
  }
});

test.run();
