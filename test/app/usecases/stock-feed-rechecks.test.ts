import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readStockFeed, rereadFrom } from '../../../src/app/usecases/stock-feed.js';
import type { Parsed } from '../../../src/domain/model/record-error.js';
import type { StockLevel } from '../../../src/domain/model/stock.js';
import type { StockRecheck } from '../../../src/domain/ports/stock-rechecks.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';

// API X reads stock by updatedSince only (docs/api-x.openapi.yaml, GET /v1/stock): a level to
// recheck that the incremental read did not bring is read again from the copy remembered of it.

const SINCE = '2026-11-30T11:00:00Z';
const at = (t: string) => ({ sourceUpdatedAt: t });

test('rereadFrom: the oldest remembered copy before the read, else no second read', () => {
  const table: [string, { sourceUpdatedAt: string }[], string | null, string | null][] = [
    ['nothing missed', [], SINCE, null],
    ['a full read brings every level', [at('2026-11-30T10:00:00Z')], null, null],
    ['one copy before the read', [at('2026-11-30T10:00:00Z')], SINCE, '2026-11-30T10:00:00Z'],
    [
      'the oldest of several',
      [at('2026-11-30T10:30:00Z'), at('2026-11-29T08:00:00Z'), at('2026-11-30T10:00:00Z')],
      SINCE,
      '2026-11-29T08:00:00Z',
    ],
    // At or after the read's start the read would have brought it: API X no longer serves it.
    ['a copy the read covered', [at(SINCE), at('2026-11-30T11:30:00Z')], SINCE, null],
    ['another offset, same instant', [at('2026-11-30T12:00:00+01:00')], SINCE, null],
  ];
  for (const [name, missed, since, expected] of table)
    assert.is(rereadFrom(missed, since), expected, name);
});

const level = (variantExternalId: string, onHand: number, updatedAt: string): StockLevel => ({
  variantExternalId,
  warehouseId: 'WH',
  onHand,
  updatedAt,
});
const recheck = (variantExternalId: string, sourceUpdatedAt: string): StockRecheck => ({
  variantExternalId,
  warehouseId: 'WH',
  sourceUpdatedAt,
  variantId: `var-${variantExternalId}`,
  markedAt: '2026-11-30T10:40:00.000001Z',
});

test('a level to recheck missing from the read is read again, alone; one the read brought is not', async () => {
  // API X: A unchanged since 10:00, B changed at 11:10, C changed at 10:20 (handled by an
  // earlier run), and a malformed record (named by the run that first read it).
  const served: Parsed<StockLevel>[] = [
    { ok: true, value: level('A', 7, '2026-11-30T10:00:00Z') },
    {
      ok: false,
      error: { entity: 'stock', externalId: 'X', field: 'onHand', reason: 'bad', payload: {} },
    },
    { ok: true, value: level('C', 3, '2026-11-30T10:20:00Z') },
    { ok: true, value: level('B', 5, '2026-11-30T11:10:00Z') },
  ];
  const asked: (string | null)[] = [];
  const { ctx, errors } = fakeStepContext();
  const feed = await readStockFeed(
    ctx,
    {
      levels: async function* (since) {
        asked.push(since);
        for (const p of served)
          if (!p.ok || since === null || Date.parse(p.value.updatedAt) >= Date.parse(since))
            yield p;
      },
    },
    {
      locations: new Map([['WH', 'gid://shopify/Location/1']]),
      updatedSince: SINCE,
      rechecks: [recheck('A', '2026-11-30T10:00:00Z'), recheck('B', '2026-11-30T09:00:00Z')],
    },
  );
  assert.equal(asked, [SINCE, '2026-11-30T10:00:00Z']);
  assert.equal([...feed.parts(10)].flat(), [
    level('B', 5, '2026-11-30T11:10:00Z'),
    level('A', 7, '2026-11-30T10:00:00Z'),
  ]);
  assert.is(feed.read, 3, 'the first read (B and the malformed record) and A read again');
  assert.is(errors.length, 1, 'the malformed record is named once, by the first read');
});

test.run();
