import axios from 'axios';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  parseCategory,
  parsePrice,
  parseProduct,
} from '../../../src/adapters/apix/parse-catalog-records.js';
import { checkAgainst, loadContract } from './contract-schema.js';
import { createSimulatedCatalog } from '../../../simulators/apix/simulated-catalog.js';
import { useApixSimulator } from '../../support/use-simulators.js';

const contract = loadContract();
const sim = useApixSimulator(test, {
  seed: 42,
  products: 300,
  variantsPerProduct: [1, 14],
  categories: 30,
  currency: 'CHF',
});

test.before.each(() => {
  sim.faults.clear();
  sim.resetCounters();
});

const get = (path: string, token = sim.token) =>
  axios.get<Record<string, unknown>>(`${sim.url}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
    validateStatus: () => true,
  });

const catalog = (seed: number, products = 100_000) =>
  createSimulatedCatalog({
    seed,
    products,
    variantsPerProduct: 3,
    categories: 40,
    currency: 'EUR',
  });

test('deterministic from the seed; another seed gives another catalogue', () => {
  const a = catalog(1);
  const b = catalog(1);
  const c = catalog(2);
  assert.equal(a.product('P0054321'), b.product('P0054321'));
  assert.equal(a.price('P0054321-V002'), b.price('P0054321-V002'));
  assert.not.equal(a.product('P0054321'), c.product('P0054321'));
});

test('100,000 products x 3 variants are computed on demand: instant to create, any page reachable', () => {
  const heapBefore = process.memoryUsage().heapUsed;
  const big = catalog(9);
  assert.equal(big.size(), { categories: 40, products: 100_000 });
  let cursor: string | null = null;
  const first = big.page('product', { limit: 1000, cursor, updatedSinceMs: null });
  cursor = first.nextCursor;
  assert.is(first.data.length, 1000);
  assert.ok(cursor);
  assert.equal(big.product('P0100000')?.variants.length, 3);
  assert.is(big.product('P0100001'), undefined);
  // Holding the whole catalogue would take hundreds of MB; computed, it is a few objects.
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 50 * 1024 * 1024);
});

test('every served record satisfies the contract schema and the adapter parsers; one currency', async () => {
  const check = async (
    path: string,
    pageSchema: string,
    itemSchema: string,
    parse: (raw: unknown) => { ok: boolean },
  ) => {
    let cursor: string | null = null;
    let records = 0;
    do {
      const response = await get(`${path}?limit=97${cursor ? `&cursor=${cursor}` : ''}`);
      assert.is(response.status, 200);
      assert.equal(checkAgainst(contract, pageSchema, response.data), [], path);
      for (const item of response.data['data'] as unknown[]) {
        assert.equal(checkAgainst(contract, itemSchema, item), [], JSON.stringify(item));
        assert.ok(parse(item).ok, JSON.stringify(parse(item)));
        records += 1;
      }
      cursor = response.data['nextCursor'] as string | null;
    } while (cursor);
    return records;
  };
  assert.is(await check('/v1/categories', 'CategoryPage', 'Category', parseCategory), 30);
  assert.is(await check('/v1/products', 'ProductPage', 'Product', parseProduct), 300);
  const prices = await check('/v1/prices', 'PricePage', 'Price', parsePrice);
  assert.is(
    prices,
    [...sim.catalog.products()].reduce((n, p) => n + p.variants.length, 0),
  );
  assert.ok([...sim.catalog.prices()].every((p) => p.currency === 'CHF'));
});

test('daily changes: counts or fractions, applied deterministically, visible through the API', () => {
  const a = catalog(5, 1000);
  const b = catalog(5, 1000);
  const changes = {
    seed: 11,
    newProducts: 0.01,
    changedProducts: 0.05,
    removedProducts: 3,
    priceChanges: 0.02,
  };
  const before = new Date().toISOString();
  const sa = a.applyDailyChanges(changes);
  const sb = b.applyDailyChanges(changes);
  assert.equal(sa, sb);
  assert.equal(
    [sa.added.length, sa.changed.length, sa.removed.length, sa.repriced.length],
    [10, 50, 3, 60],
  );
  assert.is(a.size().products, 1007);
  for (const id of sa.removed) assert.is(a.product(id), undefined);
  for (const id of sa.changed) assert.match(a.product(id)?.title ?? '', /\(rev 1\)$/);
  for (const id of sa.repriced) assert.ok(a.price(id).updatedAt >= before, id);
  assert.equal(
    [...a.products()].map((p) => p.id).filter((id) => sa.removed.includes(id)),
    [],
  );
});

test('direct edits: setProduct (new id and override), removeProduct, setPrice', () => {
  const c = catalog(3, 10);
  const base = c.product('P0000002');
  assert.ok(base);
  if (!base) return;
  c.setProduct({ ...base, title: 'Edited' });
  c.setProduct({
    ...base,
    id: 'P0000002a',
    variants: base.variants.map((v) => ({ ...v, id: `${v.id}a`, sku: `${v.sku}a` })),
  });
  assert.ok(c.removeProduct('P0000007'));
  c.setPrice('P0000001-V001', { amount: '9.99' });
  const ids = [...c.products()].map((p) => p.id);
  assert.equal(ids.slice(0, 4), ['P0000001', 'P0000002', 'P0000002a', 'P0000003']);
  assert.not.ok(ids.includes('P0000007'));
  assert.is(c.product('P0000002')?.title, 'Edited');
  assert.is(c.price('P0000001-V001').amount, '9.99');
  assert.is([...c.prices()].length, 10 * 3);
});

test('errors: auth, bad limit, bad cursor, unknown route, missing Idempotency-Key', async () => {
  const rows: [string, () => Promise<{ status: number; data: unknown }>, number, string][] = [
    ['wrong token', () => get('/v1/products', 'wrong'), 401, 'unauthorized'],
    ['limit 0', () => get('/v1/products?limit=0'), 400, 'invalid_parameter'],
    ['limit 1001', () => get('/v1/prices?limit=1001'), 400, 'invalid_parameter'],
    [
      'bad updatedSince',
      () => get('/v1/products?updatedSince=yesterday'),
      400,
      'invalid_parameter',
    ],
    ['bad cursor', () => get('/v1/products?cursor=nonsense'), 400, 'invalid_cursor'],
    ['unknown route', () => get('/v2/things'), 404, 'not_found'],
    [
      'no key',
      () =>
        axios.post(
          `${sim.url}/v1/orders`,
          {},
          { headers: { Authorization: `Bearer ${sim.token}` }, validateStatus: () => true },
        ),
      400,
      'idempotency_key_required',
    ],
  ];
  for (const [name, call, status, code] of rows) {
    const response = await call();
    assert.is(response.status, status, name);
    assert.equal(checkAgainst(contract, 'Error', response.data), [], name);
    assert.is((response.data as { code: string }).code, code, name);
  }
});

test('faults: outage until cleared or for a period, failure rate, Retry-After header; counters per endpoint', async () => {
  sim.faults.outage({ retryAfter: '7' });
  const down = await get('/v1/categories');
  assert.is(down.status, 503);
  assert.is(down.headers['retry-after'], '7');
  sim.faults.clear();
  assert.is((await get('/v1/categories')).status, 200);

  sim.faults.outage({ durationMs: 30 });
  assert.is((await get('/v1/categories')).status, 503);
  await new Promise((r) => setTimeout(r, 40));
  assert.is((await get('/v1/categories')).status, 200);

  sim.faults.setFailureRate(0.5, { status: 502, endpoint: 'GET /v1/products' });
  const statuses = await Promise.all(
    Array.from({ length: 40 }, () => get('/v1/products?limit=1').then((r) => r.status)),
  );
  const failed = statuses.filter((s) => s === 502).length;
  assert.ok(failed > 5 && failed < 35, `${failed} of 40 failed`);
  assert.is((await get('/v1/prices?limit=1')).status, 200, 'other endpoints untouched');

  const counters = sim.counters();
  assert.is(counters['GET /v1/categories']?.requests, 4);
  assert.equal(counters['GET /v1/categories']?.responses, { '200': 2, '503': 2 });
  assert.is(counters['GET /v1/products']?.responses['502'], failed);
  assert.is(sim.requests('GET /v1/prices'), 1);
});

test('updatedSince filters to changed and new products', async () => {
  const since = new Date().toISOString();
  const summary = sim.catalog.applyDailyChanges({ seed: 1, changedProducts: 4, newProducts: 2 });
  const response = await get(`/v1/products?updatedSince=${encodeURIComponent(since)}&limit=1000`);
  const ids = (response.data['data'] as { id: string }[]).map((p) => p.id).sort();
  assert.equal(ids, [...summary.changed, ...summary.added].sort());
});

test.run();
