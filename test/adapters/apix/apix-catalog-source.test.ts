import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createApixCatalogSource } from '../../../src/adapters/apix/apix-catalog-source.js';
import { createApixHttp } from '../../../src/adapters/apix/apix-http.js';
import { ApixHttpError } from '../../../src/adapters/apix/apix-http-error.js';
import type { Parsed } from '../../../src/domain/model/record-error.js';

import { createRecordingLogger } from './support.js';
import { useApixSimulator } from '../../support/use-simulators.js';

const sim = useApixSimulator(test, {
  seed: 7,
  products: 95,
  variantsPerProduct: [1, 4],
  categories: 12,
});

test.before.each(() => {
  sim.faults.clear();
  sim.catalog.clearCorruptions();
  sim.resetCounters();
});

function source(pageSize: number, updatedSince?: string) {
  const http = createApixHttp({
    baseUrl: sim.url,
    token: sim.token,
    timeoutMs: 2000,
    maxRetries: 1,
    logger: createRecordingLogger(),
    baseDelayMs: 1,
  });
  return createApixCatalogSource(http, { pageSize, updatedSince: updatedSince ?? null });
}

async function collect<T>(items: AsyncIterable<Parsed<T>>): Promise<Parsed<T>[]> {
  const all: Parsed<T>[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const okIds = <T>(items: Parsed<T>[], id: (v: T) => string) =>
  items.flatMap((p) => (p.ok ? [id(p.value)] : []));

test('a full read yields exactly what the simulator serves, page by page', async () => {
  const src = source(10);
  const products = await collect(src.products());
  assert.equal(
    okIds(products, (p) => p.externalId),
    [...sim.catalog.products()].map((p) => p.id),
  );
  assert.is(products.length, 95);
  assert.is(sim.requests('GET /v1/products'), 10);
  const prices = await collect(src.prices());
  assert.equal(
    okIds(prices, (p) => p.variantId),
    [...sim.catalog.prices()].map((p) => p.variantId),
  );
  const categories = await collect(src.categories());
  assert.is(okIds(categories, (c) => c.externalId).length, 12);
});

/** Waits until `count()` reaches `expected` (or 2 s pass), then a little longer for strays. */
async function settledCount(count: () => number, expected: number): Promise<number> {
  const deadline = Date.now() + 2000;
  while (count() < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 100));
  return count();
}

test('streaming reads one page ahead, no more: stopping early leaves at most one request', async () => {
  const src = source(10);
  const requests = () => sim.requests('GET /v1/products');
  let seen = 0;
  for await (const item of src.products()) {
    void item;
    seen += 1;
    if (seen === 10) break;
  }
  assert.is(await settledCount(requests, 2), 2, 'the first page and the one read ahead');
  for await (const item of src.products()) {
    void item;
    seen += 1;
    if (seen === 25) break;
  }
  assert.is(await settledCount(requests, 5), 5, 'two pages for the next 15, and one ahead');
  // Creating the iterator alone requests nothing.
  src.prices();
  assert.is(await settledCount(() => sim.requests('GET /v1/prices'), 0), 0);
});

test('a consumer slow through one page still lets the event loop run (other answers are not held up)', async () => {
  const src = source(100);
  // A ticker that runs whenever the event loop gets a turn.
  let ticks = 0;
  let ticking = true;
  const tick = () => {
    ticks += 1;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  let atFirst: number | null = null;
  let records = 0;
  for await (const item of src.products()) {
    void item;
    atFirst ??= ticks;
    records += 1;
    // 1 ms of synchronous work a record: staging a product costs about that much under load.
    const until = performance.now() + 1;
    while (performance.now() < until);
  }
  ticking = false;
  assert.is(records, 95, 'one page of all 95 products');
  // 95 ms of work in one page: a turn of the loop at least every few records (~8 ms), where a
  // stream yielding straight from memory gave none until the page was done.
  assert.ok(
    ticks - (atFirst ?? 0) >= 5,
    `the loop ran ${ticks - (atFirst ?? 0)} times during the page`,
  );
});

test('malformed records become per-record errors and the stream goes on', async () => {
  sim.catalog.corrupt('product', 'P0000003', { title: 42 });
  sim.catalog.corrupt('product', 'P0000050', (p) => ({ ...p, id: '' }));
  sim.catalog.corrupt('product', 'P0000051', () => 'not a record');
  const firstVariant = sim.catalog.product('P0000004')?.variants[0]?.id ?? '';
  sim.catalog.corrupt('price', firstVariant, { amount: 12.5 });
  const src = source(20);
  const products = await collect(src.products());
  assert.is(products.length, 95, 'every record came through');
  const errors = products.flatMap((p) => (p.ok ? [] : [p.error]));
  assert.equal(
    errors.map((e) => [e.entity, e.externalId, e.field]),
    [
      ['product', 'P0000003', 'title'],
      ['product', '(unknown #49)', 'id'],
      ['product', '(unknown #50)', null],
    ],
  );
  assert.equal(errors[2]?.payload, 'not a record');
  assert.match(errors[0]?.reason ?? '', /must be a string, got a number/);
  const prices = await collect(src.prices());
  const priceErrors = prices.flatMap((p) => (p.ok ? [] : [p.error]));
  assert.equal(
    priceErrors.map((e) => [e.entity, e.externalId, e.field]),
    [['price', firstVariant, 'amount']],
  );
});

test('updatedSince reads only what changed', async () => {
  const since = new Date().toISOString();
  const summary = sim.catalog.applyDailyChanges({
    seed: 3,
    newProducts: 2,
    changedProducts: 3,
    removedProducts: 1,
    priceChanges: 4,
  });
  const products = await collect(source(50, since).products());
  assert.equal(
    okIds(products, (p) => p.externalId).sort(),
    [...summary.changed, ...summary.added].sort(),
  );
  const prices = await collect(source(50, since).prices());
  const changedPrices = okIds(prices, (p) => p.variantId);
  for (const id of summary.repriced) assert.ok(changedPrices.includes(id), id);
});

test("a page that is not JSON (a proxy's HTML) is asked again and the read completes", async () => {
  sim.faults.garbageNext(1, 'GET /v1/categories');
  const categories = await collect(source(5).categories());
  assert.is(categories.length, 12);
  // 12 categories in pages of 5: three pages, the first asked twice.
  assert.is(sim.requests('GET /v1/categories'), 4);
});

test('pages that stay unreadable through the retries end the read with a retryable error', async () => {
  sim.faults.garbageNext(2, 'GET /v1/categories');
  try {
    await collect(source(5).categories());
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, ApixHttpError);
    const e = error as ApixHttpError;
    assert.is(e.code, 'not_json');
    assert.ok(e.retryable);
    assert.match(e.message, /GET \/v1\/categories answered 200 with a body that is not JSON/);
  }
});

/** The error a categories read ends with when its first page is `body`: a contract violation. */
async function contractViolationOn(body: string): Promise<ApixHttpError> {
  sim.faults.garbageNext(1, 'GET /v1/categories', body);
  try {
    await collect(source(5).categories());
  } catch (error) {
    assert.instance(error, ApixHttpError);
    const e = error as ApixHttpError;
    assert.is(e.code, 'contract_violation');
    assert.not.ok(e.retryable);
    return e;
  }
  throw new Error('expected the read to fail');
}

test('JSON that is not an API X page ends the read with a contract-violation UpstreamError', async () => {
  await contractViolationOn('{"items":[]}');
});

test('a next cursor that is not well-formed text (a lone surrogate) ends the read as a contract violation', async () => {
  // JSON can carry a lone surrogate escape; such a cursor cannot be sent back in a URL at all
  // (encodeURIComponent refuses it), so the read stops here and says whose fault it is.
  const e = await contractViolationOn('{"data":[],"nextCursor":"Qz\\ud83d"}');
  assert.match(
    e.message,
    /`nextCursor` is not well-formed text \(a lone UTF-16 surrogate at position 2, \\ud83d\)/,
  );
  assert.is(
    sim.requests('GET /v1/categories'),
    1,
    'no request with a cursor that cannot be encoded',
  );
});

test('a failure that survives retries mid-stream throws after the pages already yielded', async () => {
  const src = source(10);
  const seen: string[] = [];
  try {
    for await (const p of src.products()) {
      if (p.ok) seen.push(p.value.externalId);
      if (seen.length === 10) sim.faults.failNext(5, { status: 503 });
    }
    assert.unreachable('should throw');
  } catch (error) {
    assert.instance(error, ApixHttpError);
    assert.is((error as ApixHttpError).status, 503);
  }
  assert.is(seen.length, 10);
});

test('records removed during a read do not shift the cursor (no duplicates, no skips of others)', async () => {
  const src = source(10);
  const seen: string[] = [];
  for await (const p of src.products()) {
    if (p.ok) seen.push(p.value.externalId);
    if (seen.length === 10) sim.catalog.removeProduct('P0000005');
  }
  assert.is(new Set(seen).size, seen.length);
  assert.equal(seen.slice(10), [...sim.catalog.products()].map((p) => p.id).slice(9));
});

test('pageSize outside 1..1000 is refused at construction', () => {
  for (const pageSize of [0, 1001, 2.5]) assert.throws(() => source(pageSize), /pageSize/);
});

test.run();
