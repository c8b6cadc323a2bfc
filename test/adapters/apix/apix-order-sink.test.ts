import axios from 'axios';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createApixHttp } from '../../../src/adapters/apix/apix-http.js';
import {
  createApixOrderSink,
  worstCaseSendMs,
} from '../../../src/adapters/apix/apix-order-sink.js';
import { toApixOrder } from '../../../src/adapters/apix/to-apix-order.js';
import { UpstreamError } from '../../../src/domain/errors.js';
import type { PushOutcome } from '../../../src/domain/ports/order-sink.js';
import { startApixSimulator } from '../../../simulators/apix/start-apix-simulator.js';
import { createRecordingLogger, sampleOrder } from './support.js';
import { useApixSimulator } from '../../support/use-simulators.js';

const sim = useApixSimulator(test, { products: 5 });
let n = 0;

test.before.each(() => {
  sim.faults.clear();
  sim.resetCounters();
});

function sink(options: { retries?: number; token?: string; baseUrl?: string } = {}) {
  const http = createApixHttp({
    baseUrl: options.baseUrl ?? sim.url,
    token: options.token ?? sim.token,
    timeoutMs: 2000,
    maxRetries: 2,
    logger: createRecordingLogger(),
    baseDelayMs: 1,
    maxDelayMs: 1000,
  });
  return createApixOrderSink(
    http,
    options.retries === undefined ? {} : { retries: options.retries },
  );
}

test('worstCaseSendMs: every try times out, with the longest wait between tries', () => {
  const limits = { timeoutMs: 15_000, maxRetries: 3, maxDelayMs: 5_000 };
  const rows: [string, number, number][] = [
    ["API X's defaults: 4 x 15 s + 3 x 5 s", worstCaseSendMs(limits), 75_000],
    ['the sink overrides the retries (1)', worstCaseSendMs(limits, 1), 35_000],
    ['no retries: one try', worstCaseSendMs(limits, 0), 15_000],
    ['APIX_MAX_RETRIES 10', worstCaseSendMs({ ...limits, maxRetries: 10 }), 215_000],
  ];
  for (const [name, actual, expected] of rows) assert.is(actual, expected, name);
});

test("the sink states its worst-case send from the transport's limits and its own retries", () => {
  // sink(): timeout 2 s, 2 retries, waits of at most 1 s.
  assert.is(sink().worstCaseSendMs, 3 * 2000 + 2 * 1000);
  assert.is(sink({ retries: 0 }).worstCaseSendMs, 2000);
});

test("a send is cut at its worst case: an answer trickling past axios' inactivity timeout is `retry`", async () => {
  // A byte every 100 ms for 6 s: axios' timeout (socket inactivity) never fires. The sink's
  // worst case is one try of 500 ms; the old sink waited for the whole trickle and accepted.
  let finished = false;
  await againstServer(
    (_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' });
      let left = 60;
      const drip = setInterval(() => {
        if (res.destroyed) return clearInterval(drip);
        if (left-- > 0) return void res.write(' ');
        clearInterval(drip);
        finished = true;
        res.end('{"reference":"AX-TRICKLE"}');
      }, 100);
    },
    500,
    async (trickled) => {
      assert.is(trickled.worstCaseSendMs, 500);
      const outcome = await trickled.createOrder(freshOrder(), 'trickle-key');
      assert.is(outcome.kind, 'retry');
      assert.ok(!finished, 'the send ended before the answer did');
    },
  );
});

test('a send aborted by the caller is still an abort, not a retry', async () => {
  const stop = new AbortController();
  stop.abort(new Error('SIGTERM'));
  const error = await sink()
    .createOrder(freshOrder(), `abort-${n++}`, stop.signal)
    .then(
      () => null,
      (e: unknown) => e,
    );
  assert.ok(error instanceof Error, String(error));
});

/** A fresh Shopify order id per call, so tests do not see each other's orders. */
function freshOrder(overrides: Parameters<typeof sampleOrder>[0] = {}) {
  n += 1;
  return sampleOrder({
    shopifyId: `gid://shopify/Order/${5000 + n}`,
    name: `#${5000 + n}`,
    ...overrides,
  });
}

function reference(outcome: PushOutcome): string {
  if (outcome.kind !== 'accepted')
    throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
  return outcome.reference;
}

/** A sink with no retries against a local server answering with `handler`. */
async function againstServer<T>(
  handler: RequestListener,
  timeoutMs: number,
  use: (s: ReturnType<typeof createApixOrderSink>) => Promise<T>,
): Promise<T> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const http = createApixHttp({
      baseUrl: `http://127.0.0.1:${port}`,
      token: 't',
      timeoutMs,
      maxRetries: 0,
      logger: createRecordingLogger(),
    });
    return await use(createApixOrderSink(http));
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** againstServer with every request answered `status` and the JSON text `body`. */
const answering = <T>(
  status: number,
  body: string,
  use: (s: ReturnType<typeof createApixOrderSink>) => Promise<T>,
): Promise<T> =>
  againstServer(
    (_req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body);
    },
    2000,
    use,
  );

// A reference is stored and sent back as given: one PostgreSQL cannot store (a lone surrogate,
// a NUL; JSON carries them as escapes) is no reference. Asked again under the same key.
const brokenReferences: [name: string, status: number, body: string, reason: RegExp][] = [
  [
    'accepted with a NUL in the reference',
    201,
    '{"reference":"AX-1\\u0000"}',
    /broken character \(a NUL character at position 4, \\u0000\)/,
  ],
  [
    'accepted with a lone surrogate as the reference',
    201,
    '{"reference":"\\ud800"}',
    /broken character \(a lone UTF-16 surrogate at position 0, \\ud800\)/,
  ],
  [
    'order_exists with a lone surrogate in the reference',
    409,
    '{"code":"order_exists","message":"known","reference":"AX-\\udc00"}',
    /409/,
  ],
];
for (const [name, status, body, reason] of brokenReferences)
  test(`${name}: retry, not accepted`, async () => {
    const outcome = await answering(status, body, (s) => s.createOrder(freshOrder(), 'k'));
    assert.is(outcome.kind, 'retry', JSON.stringify(outcome));
    assert.match(outcome.kind === 'retry' ? outcome.reason : '', reason);
  });

test('createOrder: accepted with a reference; API X received exactly the mapped body', async () => {
  const order = freshOrder();
  const ref = reference(await sink().createOrder(order, 'key-create-1'));
  const stored = sim.orders.get(ref);
  assert.ok(stored);
  assert.equal(stored?.versions, [JSON.parse(JSON.stringify(toApixOrder(order)))]);
});

test('idempotency: the same key twice gives the same reference and one order', async () => {
  const order = freshOrder();
  const before = sim.orders.list().length;
  const s = sink();
  const first = reference(await s.createOrder(order, 'key-twice'));
  const second = reference(await s.createOrder(order, 'key-twice'));
  assert.is(second, first);
  assert.is(sim.orders.list().length, before + 1);
  assert.is(sim.orders.replays(), 1);
});

test('a replay is 200 with the original body and Idempotent-Replayed: true (raw HTTP)', async () => {
  const body = toApixOrder(freshOrder());
  const post = () =>
    axios.post(`${sim.url}/v1/orders`, body, {
      headers: { Authorization: `Bearer ${sim.token}`, 'Idempotency-Key': 'raw-key' },
      validateStatus: () => true,
    });
  const first = await post();
  const again = await post();
  assert.is(first.status, 201);
  assert.is(first.headers['idempotent-replayed'], undefined);
  assert.is(again.status, 200);
  assert.is(again.headers['idempotent-replayed'], 'true');
  assert.equal(again.data, first.data);
});

test('the same key with a different body is answered key-reused, not applied', async () => {
  const s = sink();
  const order = freshOrder();
  reference(await s.createOrder(order, 'key-reused'));
  const count = sim.orders.list().length;
  const outcome = await s.createOrder(freshOrder(), 'key-reused');
  assert.is(outcome.kind, 'key-reused');
  if (outcome.kind === 'key-reused') assert.match(outcome.reason, /idempotency_key_reused/);
  assert.is(sim.orders.list().length, count);
});

test('the same order under a new key is answered exists, with the reference API X holds', async () => {
  const s = sink();
  const order = freshOrder();
  const first = reference(await s.createOrder(order, 'key-a'));
  const count = sim.orders.list().length;
  assert.equal(await s.createOrder(order, 'key-b'), { kind: 'exists', reference: first });
  assert.is(sim.orders.list().length, count);
});

test('a transient failure is retried in-process (POST is safe with its key): one order', async () => {
  const order = freshOrder();
  sim.faults.failNext(1, { status: 503, endpoint: 'POST /v1/orders' });
  sim.faults.resetNext(1, 'POST /v1/orders');
  const ref = reference(await sink().createOrder(order, 'key-retried'));
  assert.is(sim.requests('POST /v1/orders'), 3);
  assert.is(sim.orders.list().filter((o) => o.externalId === order.shopifyId).length, 1);
  assert.ok(sim.orders.get(ref));
});

test('still failing after the adapter retries: `retry`, with Retry-After when the server sent one', async () => {
  sim.faults.failNext(10, { status: 500, endpoint: 'POST /v1/orders' });
  const outcome = await sink({ retries: 1 }).createOrder(freshOrder(), 'key-500');
  assert.equal(outcome, {
    kind: 'retry',
    reason: outcome.kind === 'retry' ? outcome.reason : '',
    retryAfterMs: null,
  });
  assert.is(sim.requests('POST /v1/orders'), 2, 'retries option overrides the transport default');
  sim.faults.clear();
  sim.faults.failNext(1, { status: 429, retryAfter: '30', endpoint: 'POST /v1/orders' });
  const limited = await sink().createOrder(freshOrder(), 'key-429');
  assert.equal(limited.kind === 'retry' ? limited.retryAfterMs : 'not retry', 30_000);
});

test('API X unreachable: `retry`', async () => {
  const gone = await startApixSimulator();
  await gone.close();
  const outcome = await sink({ baseUrl: gone.url, retries: 0 }).createOrder(
    freshOrder(),
    'key-gone',
  );
  assert.is(outcome.kind, 'retry');
});

test('rejected with field errors (422): final, reason lists the fields; no retry', async () => {
  const order = freshOrder();
  sim.orders.rejectOrder(order.shopifyId, [
    { field: 'lines[0].sku', message: 'unknown SKU SKU-1-1' },
  ]);
  const outcome = await sink().createOrder(order, 'key-rejected');
  assert.is(sim.requests('POST /v1/orders'), 1);
  assert.equal(outcome, {
    kind: 'rejected',
    status: 422,
    reason: 'validation_failed: the order was not accepted (lines[0].sku: unknown SKU SKU-1-1)',
  });
  sim.orders.clearRejections();
  assert.is(
    (await sink().createOrder(order, 'key-rejected')).kind,
    'accepted',
    'a failed answer is not stored under the key',
  );
});

test('an order without lines is refused by API X with a field error', async () => {
  const outcome = await sink().createOrder(freshOrder({ lineItems: [] }), 'key-no-lines');
  assert.is(outcome.kind, 'rejected');
  assert.match(
    outcome.kind === 'rejected' ? outcome.reason : '',
    /lines: must list at least one line/,
  );
});

test("401 is not the order's fault: it throws (UpstreamError, hint APIX_TOKEN) instead of rejecting", async () => {
  try {
    await sink({ token: 'nope' }).createOrder(freshOrder(), 'key-401');
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, UpstreamError);
    assert.match((error as UpstreamError).hint ?? '', /APIX_TOKEN/);
  }
});

test('updateOrder: adds a version; the same key again does not; unknown reference is rejected', async () => {
  const s = sink();
  const order = freshOrder();
  const ref = reference(await s.createOrder(order, 'key-u0'));
  const cancelled = {
    ...order,
    cancelledAt: '2026-11-22T08:00:00Z',
    cancelReason: 'CUSTOMER',
    updatedAt: '2026-11-22T08:00:00Z',
  };
  assert.is(reference(await s.updateOrder(ref, cancelled, 'key-u1')), ref);
  assert.is(reference(await s.updateOrder(ref, cancelled, 'key-u1')), ref);
  const versions = sim.orders.get(ref)?.versions as { status: { cancelledAt: string | null } }[];
  assert.is(versions.length, 2);
  assert.is(versions[1]?.status.cancelledAt, '2026-11-22T08:00:00Z');
  const missing = await s.updateOrder('SO-999999', cancelled, 'key-u2');
  assert.equal(
    missing.kind === 'rejected'
      ? [missing.status, /order_not_found/.test(missing.reason)]
      : missing,
    [404, true],
  );
});

test.run();
