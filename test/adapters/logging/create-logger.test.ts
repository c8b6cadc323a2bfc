import { AxiosError, AxiosHeaders } from 'axios';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger } from '../../../src/adapters/logging/create-logger.js';
import { REDACTED, redactUrl, scrubSecrets } from '../../../src/adapters/logging/redact.js';
import type { Logger } from '../../../src/domain/ports/logger.js';

const TOKEN = 'shpat_0123456789abcdef0123456789abcdef';
const APIX_TOKEN = 'apix-secret-value-42';
const DB_PASSWORD = 'pg-pa$$word"with\\quotes';

function capture(options: { pretty?: boolean; secrets?: readonly string[] } = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    pretty: options.pretty ?? false,
    destination: { write: (line: string) => lines.push(line) },
    secrets: options.secrets ?? [TOKEN, APIX_TOKEN, DB_PASSWORD],
    base: { service: 'integration-service' },
  });
  return { logger, lines, text: () => lines.join('') };
}

function assertNoSecret(text: string) {
  for (const secret of [
    TOKEN,
    APIX_TOKEN,
    'pg-pa$$word',
    'hunter2-cookie',
    'Bearer abcdefgh12345',
  ]) {
    assert.not.ok(text.includes(secret), `secret ${secret} survived in: ${text}`);
  }
}

test('JSON lines with level label, time, base fields and the message; satisfies the Logger port', () => {
  const { logger, lines } = capture();
  const port: Logger = logger;
  port.child({ shop: 'demo' }).info({ count: 3 }, 'products synced');
  const line = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
  assert.is(line['level'], 'info');
  assert.is(line['msg'], 'products synced');
  assert.is(line['count'], 3);
  assert.is(line['shop'], 'demo');
  assert.is(line['service'], 'integration-service');
  assert.type(line['time'], 'string');
});

test('secret-named keys are blanked at any depth and any spelling', () => {
  const { logger, text, lines } = capture({ secrets: [] });
  logger.info(
    {
      accessToken: 'tok-1-abcdef',
      config: {
        shopify: { access_token: 'tok-2-abcdef' },
        headers: {
          'X-Shopify-Access-Token': 'tok-3-abcdef',
          Authorization: 'Bearer abcdefgh12345',
        },
      },
      list: [{ password: 'pw-abcdef' }, { cookie: 'hunter2-cookie' }],
      keep: 'visible',
    },
    'nested',
  );
  assert.not.match(text(), /tok-\d-abcdef|pw-abcdef/);
  assertNoSecret(text());
  const line = JSON.parse(lines[0] ?? '') as {
    config: { headers: Record<string, string> };
    keep: string;
  };
  assert.is(line.config.headers['Authorization'], REDACTED);
  assert.is(line.keep, 'visible');
});

test('known secret values are masked in messages, error messages, stacks and causes', () => {
  const { logger, text } = capture();
  const cause = new Error(`upstream said: bad token ${APIX_TOKEN}`);
  const error = new Error(`request with ${TOKEN} failed`, { cause });
  logger.error(error);
  logger.error({ err: error, detail: `password is ${DB_PASSWORD}` }, `retrying with ${APIX_TOKEN}`);
  logger.warn(`free text with ${TOKEN}`);
  const out = text();
  assert.ok(out.includes('upstream said'), 'cause is kept');
  assert.ok(out.includes(REDACTED));
  assertNoSecret(out);
  assert.not.ok(out.includes('with\\\\quotes'), 'JSON-escaped secret form masked');
});

test('axios errors keep method, URL and status but lose headers and sockets', () => {
  const { logger, text, lines } = capture();
  const headers = new AxiosHeaders({
    Authorization: `Bearer ${APIX_TOKEN}`,
    'X-Shopify-Access-Token': TOKEN,
  });
  const config = {
    method: 'post',
    url: `https://apix.example/orders?token=${APIX_TOKEN}`,
    headers,
  };
  const error = new AxiosError(
    'Request failed with status code 500',
    'ERR_BAD_RESPONSE',
    config,
    { fake: 'request' },
    {
      status: 500,
      statusText: 'err',
      data: { message: 'boom', echo: { authorization: 'Bearer abcdefgh12345' } },
      headers: {},
      config,
    },
  );
  logger.error({ err: error }, 'push failed');
  assertNoSecret(text());
  const line = JSON.parse(lines[0] ?? '') as { err: Record<string, unknown> };
  assert.is(line.err['status'], 500);
  assert.is(line.err['method'], 'POST');
  assert.match(String(line.err['url']), /^https:\/\/apix\.example\/orders\?token=/);
  assert.is(line.err['config'], undefined);
});

test('URLs with credentials anywhere in a line are masked', () => {
  const { logger, text } = capture({ secrets: [] });
  logger.info(
    { databaseUrl: 'postgres://app:s3cr3t-pw@db:5432/app' },
    'connecting to postgres://app:s3cr3t-pw@db:5432/app',
  );
  assert.not.ok(text().includes('s3cr3t-pw'));
  assert.ok(text().includes('postgres://app:***@db:5432/app'));
});

test('pretty output is written synchronously and redacted too', () => {
  const { logger, lines, text } = capture({ pretty: true });
  logger.info({ token: 'abc-def-ghi', other: TOKEN }, `hello ${APIX_TOKEN}`);
  assert.is(lines.length, 1, 'written before log call returned');
  assert.ok(text().includes('hello'));
  assert.not.ok(text().includes('abc-def-ghi'));
  assertNoSecret(text());
});

test('circular objects and deep nesting do not break logging', () => {
  const { logger, lines } = capture();
  const a: Record<string, unknown> = { name: 'a' };
  a['self'] = a;
  let deep: Record<string, unknown> = { token: 'deep-token-value' };
  for (let i = 0; i < 20; i++) deep = { next: deep };
  logger.info({ a, deep }, 'odd shapes');
  assert.is(lines.length, 1);
  assert.not.ok(lines[0]?.includes('deep-token-value'));
});

const urlCases: [string, string, string][] = [
  ['password in userinfo', 'postgres://app:secret@db:5432/app', 'postgres://app:***@db:5432/app'],
  ['no password', 'postgres://app@db/app', 'postgres://app@db/app'],
  [
    'password query parameter',
    'postgresql://db/app?user=x&password=secret&sslmode=require',
    'postgresql://db/app?user=x&password=***&sslmode=require',
  ],
  ['encoded characters', 'postgres://u:p%40ss%2Fw@h/d', 'postgres://u:***@h/d'],
  ['not a URL', 'hello world', 'hello world'],
  [
    'http with port, no credentials',
    'http://127.0.0.1:9091/metrics',
    'http://127.0.0.1:9091/metrics',
  ],
];
for (const [name, input, expected] of urlCases) {
  test(`redactUrl: ${name}`, () => assert.is(redactUrl(input), expected));
}

const scrubCases: [string, string, readonly string[], string][] = [
  ['plain value', 'token abcdef123 rejected', ['abcdef123'], `token ${REDACTED} rejected`],
  ['repeated', 'x=abcdef123 y=abcdef123', ['abcdef123'], `x=${REDACTED} y=${REDACTED}`],
  ['url-encoded', 'GET /x?k=a%2Fbcdef', ['a/bcdef'], `GET /x?k=${REDACTED}`],
  ['too short to scrub', 'abc', ['abc'], 'abc'],
  ['shopify-shaped token without declaration', `got ${TOKEN}`, [], `got ${REDACTED}`],
  ['bearer header', 'Authorization: Bearer abcdefgh12345', [], `Authorization: Bearer ${REDACTED}`],
];
for (const [name, input, secrets, expected] of scrubCases) {
  test(`scrubSecrets: ${name}`, () => assert.is(scrubSecrets(input, secrets), expected));
}

test.run();
