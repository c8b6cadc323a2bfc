import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  compareCopies,
  readStockFeed,
  type CopyVerdict,
} from '../../../src/app/usecases/stock-feed.js';
import type { StockLevel } from '../../../src/domain/model/stock.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';

const copy = (onHand: number, updatedAt: string, variantExternalId = 'A'): StockLevel => ({
  variantExternalId,
  warehouseId: 'WH',
  onHand,
  updatedAt,
});
const T = '2026-11-30T09:00:00Z';
const LATER = '2026-11-30T09:00:05Z';

// "A level that changes during a read may be served again on a later page; a client keeps the
// record with the newest updatedAt" (docs/api-x.openapi.yaml, GET /v1/stock).
test('compareCopies: a later copy is the same, newer, older, or in conflict (same instant, other on hand)', () => {
  const table: [string, StockLevel, StockLevel, CopyVerdict][] = [
    ['served again unchanged', copy(5, T), copy(5, T), 'same'],
    [
      'the same instant in another offset',
      copy(5, T),
      copy(5, '2026-11-30T10:00:00+01:00'),
      'same',
    ],
    ['changed during the read', copy(5, T), copy(6, LATER), 'newer'],
    ['an older copy after a newer one', copy(6, LATER), copy(5, T), 'older'],
    ['newer, same on hand', copy(5, T), copy(5, LATER), 'newer'],
    ['same instant, other on hand', copy(5, T), copy(6, T), 'conflict'],
  ];
  for (const [name, kept, next, verdict] of table)
    assert.is(compareCopies(kept, next), verdict, name);
});

async function feedOf(levels: StockLevel[]) {
  const { ctx, errors } = fakeStepContext();
  const feed = await readStockFeed(
    ctx,
    {
      levels: async function* () {
        for (const value of levels) yield { ok: true as const, value };
      },
    },
    { locations: new Map([['WH', 'gid://shopify/Location/1']]), updatedSince: null },
  );
  const kept = [...feed.parts(100)].flat();
  return { feed, kept, errors };
}

test('re-served copies are collapsed without record errors, the newest kept, and counted', async () => {
  // Audit S5: 5 at 09:00:00, then 6 at 09:00:05 (changed during the read), then 5 again at
  // 09:00:00 (an older copy served late), and B served twice unchanged.
  const { feed, kept, errors } = await feedOf([
    copy(5, T),
    copy(2, T, 'B'),
    copy(6, LATER),
    copy(5, T),
    copy(2, T, 'B'),
  ]);
  assert.equal(errors, []);
  assert.equal(kept, [copy(6, LATER), copy(2, T, 'B')]);
  assert.equal([feed.read, feed.size, feed.collapsed], [5, 2, 3]);
});

test('copies of one instant with different on hand: a record error, and the level is held back', async () => {
  const { feed, kept, errors } = await feedOf([copy(5, T), copy(2, T, 'B'), copy(6, T)]);
  assert.equal(kept, [copy(2, T, 'B')], 'neither copy of A is written');
  assert.is(feed.size, 1);
  assert.equal(
    errors.map((e) => [e.entity, e.externalId, e.field]),
    [['stock', 'A@WH', 'onHand']],
  );
  assert.match(errors[0]?.reason ?? '', /5, 6/);
});

test('a newer copy after a conflict settles it: kept, no record error', async () => {
  const { kept, errors } = await feedOf([copy(5, T), copy(6, T), copy(7, LATER)]);
  assert.equal(errors, []);
  assert.equal(kept, [copy(7, LATER)]);
});

test.run();
