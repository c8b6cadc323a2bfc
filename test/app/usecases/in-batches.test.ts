/** inBatches: a stream in arrays of `size`, the last shorter, none empty, read as taken. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inBatches } from '../../../src/app/usecases/in-batches.js';

async function* itemsOf<T>(items: readonly T[], read: T[] = []): AsyncGenerator<T> {
  for (const item of items) {
    read.push(item);
    yield item;
  }
}

const cases: { name: string; items: number[]; size: number; batches: number[][] }[] = [
  { name: 'nothing: no batch at all', items: [], size: 2, batches: [] },
  { name: 'fewer than a batch', items: [1], size: 2, batches: [[1]] },
  {
    name: 'exactly full batches: no empty one after',
    items: [1, 2, 3, 4],
    size: 2,
    batches: [
      [1, 2],
      [3, 4],
    ],
  },
  { name: 'a shorter last batch', items: [1, 2, 3], size: 2, batches: [[1, 2], [3]] },
  { name: 'size 1', items: [1, 2], size: 1, batches: [[1], [2]] },
];

for (const c of cases)
  test(`inBatches: ${c.name}`, async () => {
    const batches: number[][] = [];
    for await (const batch of inBatches(itemsOf(c.items), c.size)) batches.push(batch);
    assert.equal(batches, c.batches);
  });

test('the next item is read only once the caller has taken the batch before', async () => {
  const read: number[] = [];
  const batches = inBatches(itemsOf([1, 2, 3, 4, 5], read), 2);
  assert.equal((await batches.next()).value, [1, 2]);
  assert.equal(read, [1, 2]);
  await batches.return(undefined);
  assert.equal(read, [1, 2], 'a caller that stops reads no further');
});

test.run();
