/** usePerFile's stand-in behaves as the started value for every read and refuses writes. */
import { test, type Test } from 'uvu';
import * as assert from 'uvu/assert';
import { usePerFile } from './per-file.js';

/** An in-memory Test that keeps the hooks usePerFile registers, to run them by hand. */
function hooks() {
  const before: (() => Promise<void>)[] = [];
  const after: (() => Promise<void>)[] = [];
  const fake = {
    before: (fn: () => Promise<void>) => before.push(fn),
    after: (fn: () => Promise<void>) => after.push(fn),
  } as unknown as Test;
  return { fake, before, after };
}

test('reads, `in`, spread and keys go through to the started value; writes throw', async () => {
  const { fake, before, after } = hooks();
  let closed = false;
  const db = usePerFile(
    fake,
    async () => ({ pool: 'p', url: 'u' }),
    async () => {
      closed = true;
    },
  );
  assert.throws(() => db.pool, /before the test file's before hook ran/);
  for (const fn of before) await fn();
  assert.is(db.pool, 'p');
  assert.ok('pool' in db);
  assert.not.ok('other' in db);
  assert.equal({ ...db }, { pool: 'p', url: 'u' });
  assert.equal(Object.keys(db), ['pool', 'url']);
  assert.throws(() => {
    (db as { pool: string }).pool = 'q';
  }, /read-only/);
  assert.is(db.pool, 'p');
  for (const fn of after) await fn();
  assert.ok(closed);
});

test.run();
