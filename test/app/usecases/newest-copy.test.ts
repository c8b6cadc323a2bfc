import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chooseCopy, type CopyChoice } from '../../../src/app/usecases/newest-copy.js';

const cases: [string, [string, string], [string, string], CopyChoice][] = [
  [
    'a newer copy read later wins',
    ['2026-11-01T10:00:00Z', 'a'],
    ['2026-11-01T10:05:00Z', 'b'],
    'replace',
  ],
  [
    'a stale copy read later loses',
    ['2026-11-01T10:05:00Z', 'a'],
    ['2026-11-01T10:00:00Z', 'b'],
    'keep',
  ],
  [
    'the same copy twice is harmless',
    ['2026-11-01T10:00:00Z', 'a'],
    ['2026-11-01T10:00:00.000Z', 'a'],
    'keep',
  ],
  [
    'different content, same time: held back',
    ['2026-11-01T10:00:00Z', 'a'],
    ['2026-11-01T10:00:00Z', 'b'],
    'ambiguous',
  ],
  [
    'offsets are compared as instants',
    ['2026-11-01T12:00:00+02:00', 'a'],
    ['2026-11-01T10:00:01Z', 'b'],
    'replace',
  ],
];
for (const [name, [t1, h1], [t2, h2], choice] of cases)
  test(name, () =>
    assert.is(chooseCopy({ updatedAt: t1, hash: h1 }, { updatedAt: t2, hash: h2 }), choice),
  );

test.run();
