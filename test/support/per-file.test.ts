/** usePerFile's stand-in behaves as the started value for every read and refuses writes. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test, type Test } from 'uvu';
import * as assert from 'uvu/assert';
import { childOutput } from './child-output.js';
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

test('a failed set-up is printed, and the simulators it started are closed (the file exits)', async () => {
  const fixture = fileURLToPath(new URL('./fixtures/failing-set-up.ts', import.meta.url));
  const closedPort = 'postgres://postgres@127.0.0.1:9/postgres';
  const out = await childOutput(
    spawn(process.execPath, ['--import', 'tsx', fixture], {
      env: { ...process.env, TEST_DATABASE_URL: closedPort, DATABASE_URL: closedPort },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  // uvu itself reports a failed before as nothing: 0 of 1 passed, no error.
  assert.match(out.stdout, /Passed:\s+0/);
  assert.match(out.stderr, /usePerFile: the test file's set-up failed:/);
  assert.match(out.stderr, /ECONNREFUSED/);
});

test('a close that throws is printed and fails the file, and the closes after it still run', async () => {
  const fixture = fileURLToPath(new URL('./fixtures/failing-close.ts', import.meta.url));
  const out = await childOutput(
    spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  assert.match(out.stdout, /Passed:\s+1/);
  assert.match(out.stdout, /second closed/);
  assert.match(out.stderr, /usePerFile: closing the test file's set-up failed:/);
  assert.match(out.stderr, /first close failed/);
  assert.is(out.code, 1);
});

test.run();
