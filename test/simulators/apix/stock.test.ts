import axios from 'axios';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkAgainst, loadContract } from './contract-schema.js';
import { useApixSimulator } from '../../support/use-simulators.js';

const contract = loadContract();
const sim = useApixSimulator(test, { seed: 7, products: 40, variantsPerProduct: [1, 4] });

const get = (path: string) =>
  axios.get<Record<string, unknown>>(`${sim.url}${path}`, {
    headers: { Authorization: `Bearer ${sim.token}` },
    validateStatus: () => true,
  });

async function readAll(query = ''): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const r = await get(
      `/v1/stock?limit=7${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    assert.is(r.status, 200);
    assert.equal(checkAgainst(contract, 'StockPage', r.data), []);
    out.push(...(r.data['data'] as Record<string, unknown>[]));
    cursor = r.data['nextCursor'] as string | null;
  } while (cursor !== null);
  return out;
}

test('a full read pages through one level per variant and warehouse, as the contract says', async () => {
  const all = await readAll();
  const expected = [...sim.stock.levels()];
  assert.is(all.length, expected.length);
  assert.is(expected.length, [...sim.catalog.products()].flatMap((p) => p.variants).length * 2);
  assert.equal(all, expected);
});

test('an incremental read returns only levels changed since; changes show in the full read', async () => {
  const since = new Date().toISOString();
  const changed = sim.stock.applyChanges({ seed: 1, fraction: 0.1 });
  assert.ok(changed.length > 0);
  const delta = await readAll(`&updatedSince=${encodeURIComponent(since)}`);
  assert.equal(
    delta.map((r) => `${String(r['variantId'])}/${String(r['warehouseId'])}`).sort(),
    changed.map((r) => `${r.variantId}/${r.warehouseId}`).sort(),
  );
  const one = changed[0]!;
  const full = await readAll();
  const served = full.find(
    (r) => r['variantId'] === one.variantId && r['warehouseId'] === one.warehouseId,
  );
  assert.is(served?.['onHand'], one.onHand);
});

test('corruptions and duplicates are served until cleared; a bad cursor is a 400', async () => {
  const first = [...sim.stock.levels()][0]!;
  sim.stock.corrupt(first.variantId, first.warehouseId, { onHand: -3 });
  sim.stock.duplicate({ ...first, onHand: 99, updatedAt: '2020-01-01T00:00:00.000Z' });
  const page = (await get('/v1/stock?limit=3')).data['data'] as Record<string, unknown>[];
  assert.is(page[0]?.['onHand'], -3);
  assert.is(page[1]?.['onHand'], 99);
  sim.stock.clearCorruptions();
  const clean = (await get('/v1/stock?limit=3')).data['data'] as Record<string, unknown>[];
  assert.equal(clean[0], first);
  assert.is((await get('/v1/stock?cursor=@@@')).status, 400);
});

test('a removed level is served by no read until set again (the contract: no record, not 0)', async () => {
  const before = await readAll();
  const gone = [...sim.stock.levels()][3]!;
  sim.stock.remove(gone.variantId, gone.warehouseId);
  const named = (r: Record<string, unknown>) =>
    r['variantId'] === gone.variantId && r['warehouseId'] === gone.warehouseId;
  const full = await readAll();
  assert.is(full.length, before.length - 1);
  assert.not.ok(full.some(named), 'not in the full read');
  assert.equal(
    full,
    before.filter((r) => !named(r)),
    'every other level served as before',
  );
  assert.is(sim.stock.level(gone.variantId, gone.warehouseId), undefined);
  sim.stock.set(gone.variantId, gone.warehouseId, 4);
  const back = (await readAll()).find(named);
  assert.is(back?.['onHand'], 4, 'a new record once API X has one again');
});

test('the first-page hook runs once per read, after the snapshot is taken', async () => {
  let calls = 0;
  sim.stock.onFirstPage(() => (calls += 1));
  await readAll();
  sim.stock.onFirstPage(null);
  assert.is(calls, 1);
});

test.run();
