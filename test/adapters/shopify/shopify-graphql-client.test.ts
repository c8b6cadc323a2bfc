import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, UpstreamError } from '../../../src/domain/errors.js';
import { createShopifyGraphqlClient } from '../../../src/adapters/shopify/shopify-graphql-client.js';
import type { ShopifyGraphqlClientOptions } from '../../../src/adapters/shopify/shopify-graphql-client.js';
import { createFakeFetch, gql, json, throttledBody } from './support/fake-fetch.js';
import type { FakeFetch } from './support/fake-fetch.js';
import { createTestLogger } from './support/test-logger.js';

const TOKEN = 'shpat_secret_token_value_123';
const QUERY = 'query Shop { shop { name } }';

function setup(overrides: Partial<ShopifyGraphqlClientOptions> = {}): {
  fake: FakeFetch;
  lines: string[];
  client: ReturnType<typeof createShopifyGraphqlClient>;
} {
  const fake = createFakeFetch();
  const logger = createTestLogger();
  const client = createShopifyGraphqlClient({
    shop: 'demo.myshopify.com',
    accessToken: TOKEN,
    apiVersion: '2026-10',
    fetch: fake.fetch,
    logger,
    retryBaseMs: 1,
    retryMaxMs: 5,
    ...overrides,
  });
  return { fake, lines: logger.lines, client };
}

test('posts the document to the shop endpoint with the token header and returns data', async () => {
  const { fake, client } = setup();
  fake.queue(gql({ shop: { name: 'Demo' } }, 1990, 1));
  const data = await client.request<{ shop: { name: string } }>(QUERY, { a: 1 });
  assert.equal(data, { shop: { name: 'Demo' } });
  const [req] = fake.requests;
  assert.is(req?.url, 'https://demo.myshopify.com/admin/api/2026-10/graphql.json');
  assert.is(req?.headers.get('x-shopify-access-token'), TOKEN);
  assert.equal(req?.body, { query: QUERY, variables: { a: 1 } });
  assert.equal(client.usage(), { costPoints: 1, throttled: 0, requests: 1 });
  fake.assertDone();
});

test('a bare shop name means <name>.myshopify.com', async () => {
  const { fake, client } = setup({ shop: 'demo' });
  fake.queue(gql({ shop: { name: 'Demo' } }));
  await client.request(QUERY);
  assert.is(fake.requests[0]?.url, 'https://demo.myshopify.com/admin/api/2026-10/graphql.json');
});

test('baseUrl replaces scheme and host (how the simulator is reached)', async () => {
  const { fake, client } = setup({ baseUrl: 'http://127.0.0.1:4321/' });
  fake.queue(gql({ shop: { name: 'Demo' } }));
  await client.request(QUERY);
  assert.is(fake.requests[0]?.url, 'http://127.0.0.1:4321/admin/api/2026-10/graphql.json');
});

const retried: [string, () => Response | Promise<Response>, boolean][] = [
  ['HTTP 500', () => json({ errors: 'boom' }, 500), false],
  [
    'HTTP 502 with an HTML body',
    () => new Response('<html>bad gateway</html>', { status: 502 }),
    false,
  ],
  ['HTTP 503', () => json({}, 503), false],
  ['HTTP 504', () => json({}, 504), false],
  ['HTTP 429 without Retry-After', () => json({ errors: 'Too many' }, 429), true],
  ['THROTTLED with HTTP 200', () => throttledBody(1900, 200), true],
  ['THROTTLED with HTTP 429', () => throttledBody(1900, 429), true],
  [
    'GraphQL INTERNAL_SERVER_ERROR',
    () =>
      json({
        errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      }),
    false,
  ],
  ['network error', () => Promise.reject(new TypeError('fetch failed')), false],
];
for (const [name, failure, isThrottle] of retried) {
  test(`retries after ${name}, then succeeds`, async () => {
    const { fake, client } = setup();
    fake.queue(failure, gql({ ok: true }));
    assert.equal(await client.request(QUERY), { ok: true });
    assert.is(fake.requests.length, 2);
    assert.is(client.usage().throttled, isThrottle ? 1 : 0);
    fake.assertDone();
  });
}

// A mutation that must not run twice: only a throttled answer (not executed) is sent again.
for (const [name, failure, isThrottle] of retried) {
  test(`idempotent: false, after ${name}: ${isThrottle ? 'retried' : 'not sent again'}`, async () => {
    const { fake, client } = setup();
    fake.queue(failure, gql({ ok: true }));
    const result = await client
      .request('mutation M { m { id } }', {}, { idempotent: false })
      .catch((e: unknown) => e);
    if (isThrottle) assert.equal(result, { ok: true });
    else {
      assert.instance(result, UpstreamError);
      assert.match((result as UpstreamError).message, /not sent again/);
    }
    assert.is(fake.requests.length, isThrottle ? 2 : 1);
  });
}

test('attempts are bounded: maxRetries + 1 requests, then a retryable UpstreamError', async () => {
  const { fake, client } = setup({ maxRetries: 2 });
  fake.queue(json({}, 503), json({}, 503), json({}, 503));
  const error = await client.request(QUERY).catch((e: unknown) => e);
  assert.instance(error, UpstreamError);
  const e = error as UpstreamError;
  assert.is(e.retryable, true);
  assert.is(e.status, 503);
  assert.match(e.message, /3 attempts/);
  assert.is(fake.requests.length, 3);
  fake.assertDone();
});

const fatal: [string, Response, RegExp, RegExp | null][] = [
  [
    '401',
    json(
      { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' },
      401,
    ),
    /401/,
    /SHOPIFY_ACCESS_TOKEN/,
  ],
  ['402', json({ errors: 'Unavailable Shop' }, 402), /frozen \(unpaid\)/, /bill/],
  [
    '403 with a scope',
    json({ errors: '[API] This action requires merchant approval for write_products scope.' }, 403),
    /missing access scope write_products/,
    /write_products/,
  ],
  ['403 without a scope', json({ errors: 'Forbidden' }, 403), /403 forbidden$/, /scopes/],
  ['404', new Response('Not Found', { status: 404 }), /404/, /SHOPIFY_SHOP/],
  ['423', json({ errors: 'Locked' }, 423), /shop is locked/, /locked/],
  [
    'a GraphQL validation error',
    json({
      errors: [
        {
          message: "Field 'nope' doesn't exist on type 'Shop'",
          extensions: { code: 'undefinedField' },
        },
      ],
    }),
    /Field 'nope' doesn't exist on type 'Shop'/,
    null,
  ],
  [
    'ACCESS_DENIED',
    json({
      errors: [
        {
          message: 'Access denied for orders field. Required access: `read_orders` access scope.',
          extensions: { code: 'ACCESS_DENIED' },
        },
      ],
    }),
    /access denied/,
    /read_orders/,
  ],
  [
    'MAX_COST_EXCEEDED',
    json({
      errors: [
        {
          message: 'Query cost is 1500, which exceeds the single query max cost limit (1000).',
          extensions: { code: 'MAX_COST_EXCEEDED' },
        },
      ],
    }),
    /too expensive/,
    /page size/,
  ],
];
for (const [name, response, message, hint] of fatal) {
  test(`does not retry ${name}; the error says what to do and never shows the token`, async () => {
    const { fake, client, lines } = setup();
    fake.queue(response);
    const error = await client.request(QUERY).catch((e: unknown) => e);
    assert.instance(error, UpstreamError);
    const e = error as UpstreamError;
    assert.is(e.retryable, false);
    assert.match(e.message, message);
    if (hint) assert.match(e.hint ?? '', hint);
    assert.is(fake.requests.length, 1);
    for (const text of [e.message, e.hint ?? '', e.stack ?? '', JSON.stringify(e), ...lines])
      assert.not.match(text, TOKEN);
    fake.assertDone();
  });
}

test('Retry-After is read as seconds and honoured', async () => {
  const { fake, client, lines } = setup({ retryMaxMs: 5000 });
  fake.queue(
    json({ errors: 'Exceeded 2 calls per second' }, 429, { 'Retry-After': '1' }),
    gql({ ok: true }),
  );
  const started = Date.now();
  await client.request(QUERY);
  const retryLog = lines
    .map((l) => JSON.parse(l) as { msg?: string; waitMs?: number })
    .find((l) => l.msg === 'shopify request will be retried');
  assert.is(retryLog?.waitMs, 1000);
  assert.ok(Date.now() - started >= 950, 'the client waited the Retry-After');
});

test('a per-attempt timeout is a retryable failure', async () => {
  const { fake, client } = setup({ timeoutMs: 50 });
  const hang = (): Promise<Response> => new Promise(() => undefined);
  fake.queue(hang, gql({ ok: true }));
  // The fake ignores the signal; the client's own race must still give up on it.
  assert.equal(await client.request(QUERY).catch((e: unknown) => e), { ok: true });
});

test('aborting during back-off stops at once with AbortedError', async () => {
  const { fake, client } = setup({ retryBaseMs: 10_000, retryMaxMs: 10_000, random: () => 1 });
  fake.queue(json({}, 503));
  const controller = new AbortController();
  const pending = client.request(QUERY, {}, { signal: controller.signal }).catch((e: unknown) => e);
  setTimeout(() => controller.abort(), 20);
  assert.instance(await pending, AbortedError);
  assert.is(fake.requests.length, 1);
});

test('usage counts actual cost, throttled answers and requests', async () => {
  const { fake, client } = setup();
  fake.queue(gql({}, 1900, 12), throttledBody(1900), gql({}, 1900, 7));
  await client.request(QUERY);
  await client.request(QUERY);
  assert.equal(client.usage(), { costPoints: 19, throttled: 1, requests: 3 });
});

test.run();
