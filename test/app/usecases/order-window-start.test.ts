/** Where an incremental order read (and the deleted-orders read) starts, by table. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { orderWindowStart } from '../../../src/app/usecases/order-window.js';

const now = new Date('2026-11-30T12:00:00.000Z');
const options = { overlapSeconds: 120, backfillDays: 7 };

const cases: [string, string | null, typeof options, string][] = [
  ['first run: the backfill window back from now', null, options, '2026-11-23T12:00:00.000Z'],
  [
    'first run with a 60-day backfill',
    null,
    { overlapSeconds: 120, backfillDays: 60 },
    '2026-10-01T12:00:00.000Z',
  ],
  [
    'a cursor: the cursor less the overlap',
    '2026-11-30T11:00:00Z',
    options,
    '2026-11-30T10:58:00.000Z',
  ],
  [
    'the cursor, not now, decides (a cursor far in the past is read from there)',
    '2026-01-01T00:00:00Z',
    options,
    '2025-12-31T23:58:00.000Z',
  ],
  [
    'no overlap: the cursor itself',
    '2026-11-30T11:00:00Z',
    { overlapSeconds: 0, backfillDays: 7 },
    '2026-11-30T11:00:00.000Z',
  ],
  [
    'a cursor with an offset is read as the instant it names',
    '2026-11-30T13:00:00+02:00',
    options,
    '2026-11-30T10:58:00.000Z',
  ],
  [
    'a cursor with milliseconds keeps them',
    '2026-11-30T11:00:00.250Z',
    { overlapSeconds: 1, backfillDays: 7 },
    '2026-11-30T10:59:59.250Z',
  ],
];

for (const [name, cursor, opts, expected] of cases)
  test(`orderWindowStart: ${name}`, () => {
    assert.is(orderWindowStart(cursor, now, opts), expected);
  });

test('orderWindowStart: a stored cursor that is not a timestamp is an error naming it, never a guess', () => {
  assert.throws(
    () => orderWindowStart('yesterday', now, options),
    (e: Error) => e.message.includes('"yesterday"') && e.message.includes('not a timestamp'),
  );
});

test.run();
