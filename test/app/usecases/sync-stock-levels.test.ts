import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStockLevel } from '../../../src/adapters/apix/apix-stock-source.js';
import { newerOf } from '../../../src/app/usecases/stock-feed.js';

const valid = {
  variantId: 'V1',
  warehouseId: 'WH-1',
  onHand: 4,
  updatedAt: '2026-11-30T10:00:00Z',
};

test('parseStockLevel: whole, non-negative on hand; errors name VARIANT@WAREHOUSE and the field', () => {
  assert.equal(parseStockLevel(valid), {
    ok: true,
    value: { variantExternalId: 'V1', warehouseId: 'WH-1', onHand: 4, updatedAt: valid.updatedAt },
  });
  const table: [string, unknown, string, string | null][] = [
    ['negative', { ...valid, onHand: -1 }, 'V1@WH-1', 'onHand'],
    ['fraction', { ...valid, onHand: 1.5 }, 'V1@WH-1', 'onHand'],
    ['string', { ...valid, onHand: '4' }, 'V1@WH-1', 'onHand'],
    ['too high', { ...valid, onHand: 2_000_000_000 }, 'V1@WH-1', 'onHand'],
    ['no warehouse', { ...valid, warehouseId: undefined }, 'V1', 'warehouseId'],
    ['bad time', { ...valid, updatedAt: 'yesterday' }, 'V1@WH-1', 'updatedAt'],
  ];
  for (const [name, raw, id, field] of table) {
    const r = parseStockLevel(raw);
    assert.is(r.ok, false, name);
    if (r.ok) continue;
    assert.is(r.error.entity, 'stock', name);
    assert.is(r.error.externalId, id, name);
    assert.is(r.error.field, field, name);
  }
});

test('newerOf: the newer updatedAt wins; on a tie the copy served later', () => {
  const old = {
    variantExternalId: 'V1',
    warehouseId: 'W',
    onHand: 1,
    updatedAt: '2026-01-01T00:00:00Z',
  };
  const recent = { ...old, onHand: 2, updatedAt: '2026-02-01T00:00:00Z' };
  const tie = { ...old, onHand: 3 };
  assert.equal(newerOf(old, recent), { kept: recent, dropped: old });
  assert.equal(newerOf(recent, old), { kept: recent, dropped: old });
  assert.equal(newerOf(old, tie), { kept: tie, dropped: old });
});

test.run();
