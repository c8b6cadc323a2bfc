import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chunks } from '../../src/domain/chunks.js';

const cases: [string, number[], number, number[][]][] = [
  ['empty list: no batches', [], 3, []],
  ['fewer than a batch: one', [1, 2], 3, [[1, 2]]],
  ['exactly one batch', [1, 2, 3], 3, [[1, 2, 3]]],
  ['a remainder goes last', [1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
  ['batches of one', [1, 2, 3], 1, [[1], [2], [3]]],
];
for (const [name, items, size, expected] of cases)
  test(`chunks: ${name}`, () => {
    assert.equal(chunks(items, size), expected);
  });

test('chunks: the input is not changed and every item lands once, in order', () => {
  const items = Array.from({ length: 101 }, (_, i) => i);
  const batches = chunks(items, 25);
  assert.equal(batches.flat(), items);
  assert.ok(batches.every((b) => b.length <= 25 && b.length > 0));
  assert.is(items.length, 101);
});

test.run();
