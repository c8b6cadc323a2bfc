/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument --
   these tests walk Shopify's JSON answers as untyped trees; the assertions are the type check. */
import { createAdminApiClient } from '@shopify/admin-api-client';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { createTestClient } from './test-client.js';
import { useShopifySimulator } from '../../support/use-simulators.js';

const sim = useShopifySimulator(test, {
  shop: 'acme',
  accessToken: 'shpat_good',
  currencyCode: 'CHF',
  enabledPresentmentCurrencies: ['CHF', 'EUR'],
});
let gql: ReturnType<typeof createTestClient>;

test.before(async () => {
  gql = createTestClient(sim);
});

test('answers shop settings with cost extensions on a valid token', async () => {
  const r = await gql(
    '{ shop { name currencyCode enabledPresentmentCurrencies myshopifyDomain } }',
  );
  assert.is(r.status, 200);
  assert.equal(r.body.data.shop, {
    name: 'acme',
    currencyCode: 'CHF',
    enabledPresentmentCurrencies: ['CHF', 'EUR'],
    myshopifyDomain: 'acme.myshopify.com',
  });
  assert.equal(r.body.extensions.cost.requestedQueryCost, 1);
  assert.equal(r.body.extensions.cost.actualQueryCost, 1);
  assert.equal(r.body.extensions.cost.throttleStatus.maximumAvailable, 2000);
  assert.is(r.headers.get('x-shopify-api-version'), '2026-10');
});

test('a bad token gets 401 with Shopify body', async () => {
  const r = await gql('{ shop { name } }', {}, { token: 'shpat_wrong' });
  assert.is(r.status, 401);
  assert.equal(r.body, {
    errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
  });
  assert.not.ok(JSON.stringify(r.body).includes('shpat_good'));
});

test('a misspelt field is rejected in Shopify shape with HTTP 200 and no data', async () => {
  const r = await gql('query { shop { nmae } }');
  assert.is(r.status, 200);
  assert.is(r.body.data, undefined);
  assert.equal(r.body.errors[0], {
    message: "Field 'nmae' doesn't exist on type 'Shop'",
    locations: [{ line: 1, column: 16 }],
    extensions: { code: 'undefinedField', typeName: 'Shop', fieldName: 'nmae' },
  });
});

test('an unknown argument and a bad variable are rejected before execution', async () => {
  const a = await gql('{ product(id: "gid://shopify/Product/1", idd: 2) { id } }');
  assert.is(a.body.errors[0].extensions.code, 'argumentNotAccepted');
  const b = await gql('query($id: ID!) { product(id: $id) { id } }', {});
  assert.is(b.body.errors[0].extensions.code, 'INVALID_VARIABLE');
  assert.match(b.body.errors[0].message, 'Variable $id of type ID! was provided invalid value');
  const c = await gql('query($input: ProductSetInput!) { shop { id } }', { input: { title: 'x' } });
  assert.is(c.body.errors[0].extensions.code, 'variableNotUsed');
  assert.is(sim.counters().rootFields['product'], undefined);
});

test('oneOf identifiers must carry exactly one field', async () => {
  const r = await gql(
    '{ productByIdentifier(identifier: {handle: "a", id: "gid://shopify/Product/1"}) { id } }',
  );
  assert.ok(r.body.errors?.length);
  assert.is(r.body.data, undefined);
});

test('wrong content type is 415; missing query is 400', async () => {
  const a = await gql('{ shop { name } }', {}, { contentType: 'text/plain' });
  assert.is(a.status, 415);
  const res = await fetch(sim.graphqlUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': sim.accessToken },
    body: '{}',
  });
  assert.is(res.status, 400);
  assert.equal(await res.json(), { errors: { query: 'Required parameter missing or invalid' } });
});

test('an unsupported version is served as the oldest supported one', async () => {
  const r = await gql('{ shop { name } }', {}, { version: '2023-04' });
  assert.is(r.status, 200);
  assert.is(r.headers.get('x-shopify-api-version'), '2025-10');
  const s = await gql('{ shop { name } }', {}, { version: '2026-07' });
  assert.is(s.headers.get('x-shopify-api-version'), '2026-07');
});

test('injected statuses carry Shopify bodies and Retry-After; then service resumes', async () => {
  sim.faults.failNext(1, 503);
  sim.faults.failNext(1, 429, { retryAfterSeconds: 3 });
  sim.faults.failNext(1, 402);
  const a = await gql('{ shop { name } }');
  assert.is(a.status, 503);
  assert.equal(a.body, { errors: 'Service Unavailable' });
  const b = await gql('{ shop { name } }');
  assert.is(b.status, 429);
  assert.is(b.headers.get('retry-after'), '3.0');
  const c = await gql('{ shop { name } }');
  assert.is(c.status, 402);
  assert.equal(c.body, { errors: 'Unavailable Shop' });
  const d = await gql('{ shop { name } }');
  assert.is(d.status, 200);
});

test('faults over HTTP: dropped connection, forced THROTTLED', async () => {
  const res = await fetch(`${sim.url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'drop', count: 1 }),
  });
  assert.is(res.status, 200);
  let failed = false;
  try {
    await gql('{ shop { name } }');
  } catch {
    failed = true;
  }
  assert.ok(failed, 'the dropped request must fail at the network level');
  sim.faults.throttleNext(1);
  const t = await gql('{ shop { name } }');
  assert.is(t.body.errors[0].extensions.code, 'THROTTLED');
  assert.is(t.body.extensions.cost.actualQueryCost, null);
  const ok = await gql('{ shop { name } }');
  assert.is(ok.body.data.shop.name, 'acme');
});

test('counters count requests, cost, throttles and root fields; reset clears them', async () => {
  sim.resetCounters();
  await gql('{ shop { name } }');
  await gql('{ a: shop { name } b: product(id: "gid://shopify/Product/9") { id } }');
  sim.faults.throttleNext(1);
  await gql('{ shop { name } }');
  const c = sim.counters();
  assert.is(c.requests, 3);
  assert.is(c.throttled, 1);
  assert.is(c.costSpent, 1 + 2);
  assert.equal(c.rootFields, { shop: 2, product: 1 });
  assert.equal(c.mutations, { cost: 0, firstAt: null, lastAt: null }, 'queries are not mutations');
  const before = Date.now();
  await gql(
    'mutation { productDelete(input: { id: "gid://shopify/Product/9" }) { deletedProductId } }',
  );
  await gql(
    'mutation { productDelete(input: { id: "gid://shopify/Product/8" }) { deletedProductId } }',
  );
  const m = sim.counters().mutations;
  assert.is(m.cost, 20);
  assert.ok(
    m.firstAt !== null && m.lastAt !== null && before <= m.firstAt && m.firstAt <= m.lastAt,
  );
  const overHttp = (await (await fetch(`${sim.url}/_sim/counters`)).json()) as { requests: number };
  assert.is(overHttp.requests, 5);
  sim.resetCounters();
  assert.is(sim.counters().requests, 0);
  assert.is(sim.counters().mutations.firstAt, null);
});

test('works with @shopify/admin-api-client through a scheme-rewriting customFetchApi', async () => {
  const client = createAdminApiClient({
    storeDomain: `${sim.shop}.myshopify.com`,
    apiVersion: '2026-10',
    accessToken: sim.accessToken,
    customFetchApi: (url, init) =>
      fetch(String(url).replace(`https://${sim.shop}.myshopify.com`, sim.url), init),
  });
  const ok = await client.request('query Shop { shop { name } }');
  assert.equal(ok.data, { shop: { name: 'acme' } });
  assert.is((ok.extensions as { cost: { requestedQueryCost: number } }).cost.requestedQueryCost, 1);
  sim.faults.throttleNext(1);
  const throttled = await client.request('query Shop { shop { name } }');
  assert.is(throttled.data, undefined);
  assert.is(
    (throttled.errors?.graphQLErrors?.[0]?.extensions as { code: string }).code,
    'THROTTLED',
  );
});

test.run();
