import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStockLevelStore } from '../../../src/app/usecases/stock-level-store.js';
import type { StockLevel } from '../../../src/domain/model/stock.js';

const level = (
  variantExternalId: string,
  warehouseId: string,
  onHand: number,
  updatedAt = '2026-11-30T10:00:00.000Z',
): StockLevel => ({ variantExternalId, warehouseId, onHand, updatedAt });

const all = (store: ReturnType<typeof createStockLevelStore>, size = 100): StockLevel[][] => [
  ...store.parts(size),
];

test('levels come back by variant in first-seen order, each variant in arrival order', () => {
  const store = createStockLevelStore(['A', 'B', 'C']);
  for (const l of [
    level('v1', 'C', 1),
    level('v2', 'A', 2),
    level('v1', 'A', 3),
    level('v2', 'B', 4),
  ])
    store.set(l);
  assert.is(store.size, 4);
  assert.equal(all(store), [
    [level('v1', 'C', 1), level('v1', 'A', 3), level('v2', 'A', 2), level('v2', 'B', 4)],
  ]);
});

test('set replaces the pair in place; get returns what is held', () => {
  const store = createStockLevelStore(['A', 'B']);
  store.set(level('v1', 'A', 1));
  store.set(level('v1', 'B', 2));
  store.set(level('v1', 'A', 9, '2026-11-30T11:00:00.000Z'));
  assert.is(store.size, 2);
  assert.equal(store.get('v1', 'A'), level('v1', 'A', 9, '2026-11-30T11:00:00.000Z'));
  assert.is(store.get('v1', 'C'), undefined);
  assert.is(store.get('v2', 'A'), undefined);
  assert.equal(all(store), [
    [level('v1', 'A', 9, '2026-11-30T11:00:00.000Z'), level('v1', 'B', 2)],
  ]);
});

test('updatedAt comes back exactly as it came, whatever its form', () => {
  const store = createStockLevelStore(['A']);
  const forms = [
    '2026-11-30T10:00:00.000Z', // what milliseconds give back
    '2026-11-30T10:00:00Z',
    '2026-11-30T11:00:00.123456+01:00',
    '2026-11-30T10:00:00.5Z',
  ];
  forms.forEach((t, i) => store.set(level(`v${i}`, 'A', i, t)));
  assert.equal(
    all(store)[0]?.map((l) => l.updatedAt),
    forms,
  );
  // A replacement in canonical form drops the kept string.
  store.set(level('v1', 'A', 7, '2026-11-30T12:00:00.000Z'));
  assert.is(store.get('v1', 'A')?.updatedAt, '2026-11-30T12:00:00.000Z');
});

test('parts hold at most the size asked for; a store grows past its first capacity', () => {
  const store = createStockLevelStore(['A', 'B']);
  for (let v = 0; v < 1500; v++) for (const w of ['A', 'B']) store.set(level(`v${v}`, w, v));
  const parts = all(store, 1000);
  assert.equal(
    parts.map((p) => p.length),
    [1000, 1000, 1000],
  );
  assert.equal(parts[2]?.[999], level('v1499', 'B', 1499));
});

test('a warehouse the store was not made for is refused', () => {
  const store = createStockLevelStore(['A']);
  assert.throws(() => store.set(level('v1', 'Z', 1)), /warehouse Z/);
});

test.run();
