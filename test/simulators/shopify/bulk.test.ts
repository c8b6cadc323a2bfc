/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   these tests walk Shopify's JSON answers as untyped trees; the assertions are the type check. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startShopifySimulator, type ShopifySimulator } from '../../../simulators/shopify/index.js';
import { createTestClient } from './test-client.js';

let sim: ShopifySimulator;
let gql: ReturnType<typeof createTestClient>;

const STAGE = `mutation { stagedUploadsCreate(input: [{resource: BULK_MUTATION_VARIABLES, filename: "products.jsonl", mimeType: "text/jsonl", httpMethod: POST}]) {
  stagedTargets { url resourceUrl parameters { name value } } userErrors { field message }
} }`;
const RUN = `mutation($mutation: String!, $path: String!) { bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $path) {
  bulkOperation { id status type } userErrors { field message code }
} }`;
const POLL =
  'query($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl type completedAt } }';
const PRODUCT_SET_DOC = `mutation call($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
  productSet(identifier: $identifier, input: $input, synchronous: true) { product { id variants(first: 10) { nodes { id } } } userErrors { field message code } }
}`;

/** Stages a JSONL file as a client would: every returned parameter, then the file, multipart. */
async function stage(lines: unknown[]): Promise<string> {
  const staged = await gql(STAGE);
  const target = staged.body.data.stagedUploadsCreate.stagedTargets[0] as {
    url: string;
    parameters: { name: string; value: string }[];
  };
  const form = new FormData();
  for (const p of target.parameters) form.append(p.name, p.value);
  form.append(
    'file',
    new Blob([lines.map((l) => JSON.stringify(l)).join('\n') + '\n'], { type: 'text/jsonl' }),
    'products.jsonl',
  );
  const res = await fetch(target.url, { method: 'POST', body: form });
  assert.is(res.status, 201);
  assert.match(await res.text(), '<PostResponse>');
  return target.parameters.find((p) => p.name === 'key')!.value;
}

async function poll(id: string): Promise<any> {
  for (;;) {
    const r = await gql(POLL, { id });
    const op = r.body.data.bulkOperation;
    if (!['CREATED', 'RUNNING', 'CANCELING'].includes(op.status)) return op;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const line = (i: number) => ({
  identifier: { customId: { namespace: 'sync', key: 'external_id', value: `B-${i}` } },
  input: {
    title: `Bulk ${i}`,
    productOptions: [{ name: 'Size', values: [{ name: 'S' }, { name: 'M' }] }],
    variants: [
      { optionValues: [{ optionName: 'Size', name: 'S' }], price: '1.00' },
      { optionValues: [{ optionName: 'Size', name: 'M' }], price: i === 3 ? '-1.00' : '2.00' },
    ],
  },
});

test.before(async () => {
  sim = await startShopifySimulator({ bulkRowsPerSecond: 400 });
  gql = createTestClient(sim);
  sim.state.defineCustomId('PRODUCT', 'sync', 'external_id');
});
test.after(async () => {
  await sim.close();
});

test('bulk import lifecycle: staged upload, run, poll, result JSONL in input order', async () => {
  const lines = Array.from({ length: 20 }, (_, i) => line(i));
  const path = await stage(lines);
  const run = await gql(RUN, { mutation: PRODUCT_SET_DOC, path });
  assert.equal(run.body.data.bulkOperationRunMutation.userErrors, []);
  const created = run.body.data.bulkOperationRunMutation.bulkOperation;
  assert.is(created.status, 'CREATED');
  assert.is(created.type, 'MUTATION');
  const done = await poll(created.id);
  assert.is(done.status, 'COMPLETED');
  assert.is(done.objectCount, '20');
  assert.ok(done.url.startsWith(sim.url));
  const jsonl = await (await fetch(done.url)).text();
  const results = jsonl
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { data: any; __lineNumber: number });
  assert.is(results.length, 20);
  assert.equal(
    results.map((r) => r.__lineNumber),
    [...Array(20).keys()],
  );
  assert.is(results[0]!.data.productSet.product.variants.nodes.length, 2);
  assert.is(results[3]!.data.productSet.product, null);
  assert.is(results[3]!.data.productSet.userErrors[0].code, 'INVALID_VARIANT');
  assert.is(sim.state.productCount(), 19);
  assert.is(String(Buffer.byteLength(jsonl)), done.fileSize);
  // Running the same file again updates (custom id upsert) rather than duplicating.
  const again = await gql(RUN, { mutation: PRODUCT_SET_DOC, path });
  await poll(again.body.data.bulkOperationRunMutation.bulkOperation.id);
  assert.is(sim.state.productCount(), 19);
});

test('bulkOperationRunMutation validates the mutation and the staged path', async () => {
  const path = await stage([line(1)]);
  const bad = await gql(RUN, {
    mutation: 'mutation { productSet(input: {titel: "x"}) { product { id } } }',
    path,
  });
  assert.is(bad.body.data.bulkOperationRunMutation.bulkOperation, null);
  assert.is(bad.body.data.bulkOperationRunMutation.userErrors[0].code, 'INVALID_MUTATION');
  const missing = await gql(RUN, { mutation: PRODUCT_SET_DOC, path: 'tmp/nope.jsonl' });
  assert.is(missing.body.data.bulkOperationRunMutation.userErrors[0].code, 'NO_SUCH_FILE');
});

test('bulkOperationRunMutation takes any Admin API mutation (changelog "Faster bulk operations", 2025-12-15)', async () => {
  const path = await stage([{ id: 'gid://shopify/Product/1', tags: ['x'] }]);
  const r = await gql(RUN, {
    mutation:
      'mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { message } } }',
    path,
  });
  assert.equal(r.body.data.bulkOperationRunMutation.userErrors, []);
  assert.ok(r.body.data.bulkOperationRunMutation.bulkOperation.id);
  const op = await poll(r.body.data.bulkOperationRunMutation.bulkOperation.id);
  assert.is(op.status, 'COMPLETED');
});

test('bulkOperationRunMutation runs one mutation a document, also when the root is a fragment spread', async () => {
  const path = await stage([line(1)]);
  const two = await gql(RUN, {
    mutation: `mutation call($identifier: ProductSetIdentifiers, $input: ProductSetInput!, $id: ID!, $tags: [String!]!) { ...Both }
fragment Both on Mutation {
  productSet(identifier: $identifier, input: $input) { product { id } }
  tagsAdd(id: $id, tags: $tags) { userErrors { message } }
}`,
    path,
  });
  assert.is(two.body.data.bulkOperationRunMutation.bulkOperation, null);
  assert.is(two.body.data.bulkOperationRunMutation.userErrors[0].code, 'INVALID_MUTATION');
  assert.match(two.body.data.bulkOperationRunMutation.userErrors[0].message, 'only one mutation');
  const one = await gql(RUN, {
    mutation: `mutation call($identifier: ProductSetIdentifiers, $input: ProductSetInput!) { ...One }
fragment One on Mutation { productSet(identifier: $identifier, input: $input) { product { id } } }`,
    path,
  });
  assert.equal(one.body.data.bulkOperationRunMutation.userErrors, []);
  await poll(one.body.data.bulkOperationRunMutation.bulkOperation.id);
});

test('publishablePublish in bulk: each line publishes its product, a bad line is answered on its own line', async () => {
  const ids = sim.state
    .products()
    .slice(0, 3)
    .map((p) => p.id);
  assert.is(ids.length, 3);
  const pubs = await gql('{ publications(first: 5) { nodes { id catalog { title } } } }');
  const online = pubs.body.data.publications.nodes.find(
    (n: any) => n.catalog.title === 'Online Store',
  ).id;
  const path = await stage([
    { id: ids[0], input: [{ publicationId: online }] },
    { id: 'gid://shopify/Product/999999', input: [{ publicationId: online }] },
    { id: ids[1], input: [{ publicationId: online }] },
  ]);
  const run = await gql(RUN, {
    mutation:
      'mutation($id: ID!, $input: [PublicationInput!]!) { publishablePublish(id: $id, input: $input) { userErrors { field message } } }',
    path,
  });
  assert.equal(run.body.data.bulkOperationRunMutation.userErrors, []);
  const done = await poll(run.body.data.bulkOperationRunMutation.bulkOperation.id);
  assert.is(done.status, 'COMPLETED');
  const lines = (await (await fetch(done.url)).text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { data: any; __lineNumber: number });
  assert.equal(
    lines.map((l) => l.data.publishablePublish.userErrors.length),
    [0, 1, 0],
  );
  const byId = new Map(sim.state.products().map((p) => [p.id, p]));
  assert.equal(byId.get(ids[0]!)?.publications, ['Online Store']);
  assert.equal(byId.get(ids[1]!)?.publications, ['Online Store']);
  assert.is(byId.get(ids[2]!)?.published, false, 'a product no line named stays unpublished');
  assert.is(sim.counters().rootFields['publishablePublish'] ?? 0, 0, 'no regular mutation');
});

test('at most 5 bulk operations run at once: the sixth gets LIMIT_REACHED; cancel frees a slot', async () => {
  const slow = await startShopifySimulator({ bulkRowsPerSecond: 2 });
  try {
    const g = createTestClient(slow);
    const previous = { sim, gql };
    sim = slow;
    gql = g;
    try {
      slow.state.defineCustomId('PRODUCT', 'sync', 'external_id');
      const path = await stage(Array.from({ length: 50 }, (_, i) => line(i)));
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await g(RUN, { mutation: PRODUCT_SET_DOC, path });
        assert.equal(r.body.data.bulkOperationRunMutation.userErrors, []);
        ids.push(r.body.data.bulkOperationRunMutation.bulkOperation.id);
      }
      const sixth = await g(RUN, { mutation: PRODUCT_SET_DOC, path });
      assert.is(sixth.body.data.bulkOperationRunMutation.bulkOperation, null);
      assert.is(sixth.body.data.bulkOperationRunMutation.userErrors[0].code, 'LIMIT_REACHED');
      const exportTry = await g(
        'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }", groupObjects: false) { userErrors { code } } }',
      );
      assert.is(exportTry.body.data.bulkOperationRunQuery.userErrors[0].code, 'LIMIT_REACHED');
      const running = await g(
        '{ bulkOperations(first: 10, query: "status:RUNNING") { nodes { id } } }',
      );
      assert.ok(running.body.data.bulkOperations.nodes.length <= 5);
      const cancel = await g(
        `mutation { bulkOperationCancel(id: "${ids[0]}") { bulkOperation { status } userErrors { message } } }`,
      );
      assert.is(cancel.body.data.bulkOperationCancel.bulkOperation.status, 'CANCELING');
      assert.is((await poll(ids[0]!)).status, 'CANCELED');
      const seventh = await g(RUN, { mutation: PRODUCT_SET_DOC, path });
      assert.equal(seventh.body.data.bulkOperationRunMutation.userErrors, []);
    } finally {
      sim = previous.sim;
      gql = previous.gql;
    }
  } finally {
    await slow.close();
  }
});

test('bulk export of products with their custom id, JSONL of nodes', async () => {
  const r = await gql(
    `mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) { bulkOperation { id status type } userErrors { field message code } } }`,
    {
      q: '{ products { edges { node { id metafield(namespace: "sync", key: "external_id") { value } variants { edges { node { id } } } } } } }',
    },
  );
  assert.equal(r.body.data.bulkOperationRunQuery.userErrors, []);
  const done = await poll(r.body.data.bulkOperationRunQuery.bulkOperation.id);
  assert.is(done.type, 'QUERY');
  assert.is(done.status, 'COMPLETED');
  assert.is(done.rootObjectCount, '19');
  const rows = (await (await fetch(done.url)).text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);
  const products = rows.filter((x) => !('__parentId' in x));
  const variants = rows.filter((x) => '__parentId' in x);
  assert.is(products.length, 19);
  assert.is(variants.length, 38);
  assert.equal(new Set(products.map((p) => p['metafield'].value)).size, 19);
  assert.ok(variants.every((v) => products.some((p) => p['id'] === v['__parentId'])));
});

test('an injected bulk failure leaves partial results behind', async () => {
  sim.faults.failNextBulk({ afterRows: 2, partial: true });
  const path = await stage([line(100), line(101), line(102), line(103)]);
  const run = await gql(RUN, { mutation: PRODUCT_SET_DOC, path });
  const done = await poll(run.body.data.bulkOperationRunMutation.bulkOperation.id);
  assert.is(done.status, 'FAILED');
  assert.is(done.errorCode, 'INTERNAL_SERVER_ERROR');
  assert.is(done.url, null);
  const partial = (await (await fetch(done.partialDataUrl)).text()).trim().split('\n');
  assert.is(partial.length, 2);
});

test('the staged upload endpoint refuses keys that were never staged', async () => {
  const form = new FormData();
  form.append('key', 'tmp/forged.jsonl');
  form.append('policy', 'x');
  form.append('x-goog-signature', 'x');
  form.append('file', new Blob(['{}\n']), 'x.jsonl');
  const res = await fetch(`${sim.url}/_staged/upload`, { method: 'POST', body: form });
  assert.is(res.status, 403);
});

test.run();
