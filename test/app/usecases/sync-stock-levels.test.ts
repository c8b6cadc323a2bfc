import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStockLevel } from '../../../src/adapters/apix/apix-stock-source.js';

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

test.run();
