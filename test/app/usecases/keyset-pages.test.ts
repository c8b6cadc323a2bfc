/** keysetPages: pages in order, each read after the last key of the one before, lazily. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keysetPages } from '../../../src/app/usecases/keyset-pages.js';

/** A table of rows keyed by `id`, read in pages of `limit` after a key (null: from the start). */
function table(ids: readonly string[], limit: number) {
  const reads: (string | null)[] = [];
  const read = async (after: string | null) => {
    reads.push(after);
    return ids
      .filter((id) => after === null || id > after)
      .slice(0, limit)
      .map((id) => ({ id }));
  };
  return { read, reads };
}

const cases: {
  name: string;
  ids: string[];
  limit: number;
  pages: string[][];
  reads: (string | null)[];
}[] = [
  { name: 'empty', ids: [], limit: 2, pages: [], reads: [null] },
  { name: 'one short page', ids: ['a'], limit: 2, pages: [['a']], reads: [null, 'a'] },
  {
    name: 'full pages, then the empty read that ends it',
    ids: ['a', 'b', 'c', 'd'],
    limit: 2,
    pages: [
      ['a', 'b'],
      ['c', 'd'],
    ],
    reads: [null, 'b', 'd'],
  },
  {
    name: 'a short last page',
    ids: ['a', 'b', 'c'],
    limit: 2,
    pages: [['a', 'b'], ['c']],
    reads: [null, 'b', 'c'],
  },
];

for (const c of cases)
  test(`keysetPages: ${c.name}`, async () => {
    const t = table(c.ids, c.limit);
    const pages: string[][] = [];
    for await (const page of keysetPages(null, t.read, (r) => r.id))
      pages.push(page.map((r) => r.id));
    assert.equal(pages, c.pages);
    assert.equal(t.reads, c.reads);
  });

test('the next page is read only once the caller has taken the page before', async () => {
  const t = table(['a', 'b', 'c'], 1);
  const pages = keysetPages(null, t.read, (r) => r.id);
  await pages.next();
  assert.equal(t.reads, [null]);
  await pages.next();
  assert.equal(t.reads, [null, 'a']);
  // A caller that stops early reads no further.
  await pages.return(undefined);
  assert.equal(t.reads, [null, 'a']);
});

test('a numeric key starting from 0', async () => {
  const lines = [1, 2, 3];
  const after: number[] = [];
  const read = async (a: number) => {
    after.push(a);
    return lines
      .filter((l) => l > a)
      .slice(0, 2)
      .map((line) => ({ line }));
  };
  const seen: number[] = [];
  for await (const page of keysetPages(0, read, (r) => r.line))
    seen.push(...page.map((r) => r.line));
  assert.equal(seen, [1, 2, 3]);
  assert.equal(after, [0, 2, 3]);
});

test.run();
