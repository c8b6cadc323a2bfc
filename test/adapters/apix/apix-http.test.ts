import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createApixHttp, type ApixHttpOptions } from '../../../src/adapters/apix/apix-http.js';
import { ApixHttpError } from '../../../src/adapters/apix/apix-http-error.js';
import { isAbort, UpstreamError } from '../../../src/domain/errors.js';
import { startApixSimulator } from '../../../simulators/apix/start-apix-simulator.js';
import { createRecordingLogger } from './support.js';
import { useApixSimulator } from '../../support/use-simulators.js';

const TOKEN = 'sekret-Token-4c1d';
const sim = useApixSimulator(test, { products: 20, categories: 5, token: TOKEN });

test.before.each(() => {
  sim.faults.clear();
  sim.resetCounters();
});

function http(overrides: Partial<ApixHttpOptions> = {}) {
  const logger = createRecordingLogger();
  const h = createApixHttp({
    baseUrl: sim.url,
    token: TOKEN,
    timeoutMs: 2000,
    maxRetries: 2,
    logger,
    baseDelayMs: 1,
    maxDelayMs: 2000,
    random: () => 0.5,
    ...overrides,
  });
  return { ...h, logger };
}

async function failure(promise: Promise<unknown>): Promise<ApixHttpError> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, ApixHttpError);
    return error as ApixHttpError;
  }
  throw new Error('expected the request to fail');
}

/** The secret must not be reachable from anything a caller could print or log. */
function assertNoToken(value: unknown, what: string): void {
  const text =
    value instanceof Error
      ? `${value.message}\n${value.stack}\n${inspect(value, { depth: 20, showHidden: true })}\n${JSON.stringify(value)}`
      : String(value);
  assert.not.ok(text.includes(TOKEN), `${what} carries the token`);
}

test('transient statuses are retried, then succeed; attempts are counted by outcome', async () => {
  for (const status of [408, 429, 500, 502, 503, 504]) {
    sim.resetCounters();
    const h = http();
    sim.faults.failNext(2, { status, endpoint: 'GET /v1/categories' });
    const response = await h.client.get('/v1/categories');
    assert.is(response.status, 200, String(status));
    assert.is(sim.requests('GET /v1/categories'), 3, String(status));
    assert.equal(h.requestCounts(), {
      ok: 1,
      client_error: status < 500 ? 2 : 0,
      server_error: status >= 500 ? 2 : 0,
      network_error: 0,
    });
  }
});

test('attempts are bounded: maxRetries + 1 requests, then an ApixHttpError', async () => {
  const h = http({ maxRetries: 3 });
  sim.faults.failNext(100, { status: 500 });
  const error = await failure(h.client.get('/v1/products'));
  assert.is(error.status, 500);
  assert.ok(error.retryable);
  assert.instance(error, UpstreamError);
  assert.is(sim.requests('GET /v1/products'), 4);
  assert.is(h.logger.lines.filter((l) => l.includes('retrying')).length, 3);
});

test('permanent statuses are not retried (400, 401, 403, 404, 409, 422)', async () => {
  for (const status of [400, 401, 403, 404, 409, 422]) {
    sim.resetCounters();
    sim.faults.failNext(1, { status });
    const error = await failure(http().client.get('/v1/prices'));
    assert.is(error.status, status);
    assert.not.ok(error.retryable, String(status));
    assert.is(sim.requests('GET /v1/prices'), 1, String(status));
  }
});

test('Retry-After is honoured: the retry waits what the server said', async () => {
  const h = http({ baseDelayMs: 1 });
  sim.faults.failNext(1, { status: 429, retryAfter: '1' });
  const response = await h.client.get('/v1/categories');
  assert.is(response.status, 200);
  const retry = JSON.parse(h.logger.lines.find((l) => l.includes('retrying')) ?? '{}') as {
    delayMs?: number;
    status?: number;
  };
  assert.is(retry.status, 429);
  assert.is(retry.delayMs, 1000);
});

test('a Retry-After longer than maxDelayMs is left to the caller: no in-process wait, value reported', async () => {
  const h = http({ maxDelayMs: 2000 });
  sim.faults.failNext(1, { status: 503, retryAfter: '120' });
  const error = await failure(h.client.get('/v1/categories'));
  assert.is(error.status, 503);
  assert.is(error.retryAfterMs, 120_000);
  assert.is(sim.requests('GET /v1/categories'), 1);
});

test('connection resets are retried and counted as network errors', async () => {
  const h = http();
  sim.faults.resetNext(2);
  const response = await h.client.get('/v1/categories');
  assert.is(response.status, 200);
  assert.equal(h.requestCounts(), { ok: 1, client_error: 0, server_error: 0, network_error: 2 });
});

test('timeouts are per attempt, retried, and reported as such', async () => {
  const h = http({ timeoutMs: 50, maxRetries: 1 });
  sim.faults.setLatency(400);
  const error = await failure(h.client.get('/v1/categories'));
  assert.match(error.message, /timed out after 50 ms/);
  assert.ok(error.retryable);
  assert.is(h.requestCounts().network_error, 2);
});

test('401: UpstreamError saying to check APIX_TOKEN, without the token anywhere', async () => {
  const h = createApixHttp({
    baseUrl: sim.url,
    token: 'wrong-' + TOKEN,
    timeoutMs: 2000,
    maxRetries: 2,
    logger: createRecordingLogger(),
  });
  const error = await failure(h.client.get('/v1/products'));
  assert.is(error.status, 401);
  assert.match(error.hint ?? '', /APIX_TOKEN/);
  assert.is(error.body?.code, 'unauthorized');
  assert.is(sim.requests('GET /v1/products'), 1);
  assertNoToken(error, '401 error');
});

test('unreachable API X: retried, then a hint naming APIX_BASE_URL; no token in error or logs', async () => {
  const closed = await startApixSimulator({ token: TOKEN });
  const url = closed.url;
  await closed.close();
  const h = http({ baseUrl: url });
  const error = await failure(h.client.get('/v1/products'));
  assert.ok(error.retryable);
  assert.is(error.code, 'ECONNREFUSED');
  assert.match(error.hint ?? '', new RegExp(`APIX_BASE_URL \\(${url.replaceAll('.', '\\.')}\\)`));
  assert.is(h.requestCounts().network_error, 3);
  assertNoToken(error, 'network error');
  for (const line of h.logger.lines) assertNoToken(line, 'log line');
});

test('no token in any error or log line across every kind of failure', async () => {
  const h = http();
  // Faults scoped to their endpoint: a request an earlier test abandoned (the timeout test's
  // GET /v1/categories) can reach the simulator late and would otherwise take one.
  sim.faults.failNext(3, { status: 500, endpoint: 'GET /v1/products' });
  const e500 = await failure(h.client.get('/v1/products'));
  sim.faults.failNext(1, { status: 422, endpoint: 'POST /v1/orders' });
  const e422 = await failure(
    h.client.post('/v1/orders', {}, { headers: { 'Idempotency-Key': 'k' } }),
  );
  sim.faults.resetNext(3, 'GET /v1/prices');
  const eReset = await failure(h.client.get('/v1/prices'));
  for (const e of [await failure(h.client.get('/v1/nowhere')), e500, e422, eReset])
    assertNoToken(e, e.message);
  const levels = h.logger.lines.map((l) => (JSON.parse(l) as { level: string }).level);
  // Four retry warnings and a trace line per attempt (3 + 1 + 3 + 1); none carries the token.
  assert.is(levels.filter((l) => l === 'warn').length, 4);
  assert.is(levels.filter((l) => l === 'trace').length, 8);
  for (const line of h.logger.lines) assertNoToken(line, 'log line');
});

test('a cancelled request rejects with an abort, not an ApixHttpError, and is not retried', async () => {
  const h = http();
  sim.faults.setLatency(200);
  const controller = new AbortController();
  const pending = h.client.get('/v1/products', { signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  try {
    await pending;
    assert.unreachable('should have been cancelled');
  } catch (error) {
    assert.ok(isAbort(error), String(error));
    assertNoToken(error, 'abort');
  }
});

test('close() ends the kept-alive connection, so a finished job leaves at once', async () => {
  // A server of our own: it holds idle connections open far longer than the test runs.
  const sockets: Socket[] = [];
  const server: Server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end('{"data":[]}');
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const h = http({ baseUrl: `http://127.0.0.1:${port}` });
    await h.client.get('/v1/categories');
    await h.client.get('/v1/categories');
    assert.is(sockets.length, 1, 'both requests went over one kept-alive connection');
    const socket = sockets[0] as Socket;
    const closed = new Promise<string>((resolve) => socket.once('close', () => resolve('closed')));
    h.close();
    // Bounded only so that a regression fails instead of hanging the file: closing is local.
    const outcome = await Promise.race([
      closed,
      new Promise<string>((resolve) => setTimeout(resolve, 10_000, 'still open').unref()),
    ]);
    assert.is(outcome, 'closed');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test.run();
