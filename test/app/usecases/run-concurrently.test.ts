/** runConcurrently: every item once, never more than the limit in flight, errors and aborts surface. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runConcurrently } from '../../../src/app/usecases/run-concurrently.js';
import { rejectionOf } from '../../support/rejection-of.js';

/** Work whose items finish only when the test releases them, so overlap is observed, not timed. */
function gatedWork() {
  const gates = new Map<number, () => void>();
  const started: number[] = [];
  const done: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const work = async (item: number) => {
    started.push(item);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => gates.set(item, resolve));
    inFlight--;
    done.push(item);
  };
  /** Lets the event loop run until `n` items have started. */
  const untilStarted = async (n: number) => {
    while (started.length < n) await new Promise((r) => setImmediate(r));
  };
  return { work, gates, started, done, untilStarted, maxInFlight: () => maxInFlight };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => i);
const never = new AbortController().signal;

for (const [limit, n] of [
  [1, 5],
  [3, 10],
  [4, 2],
  [0, 3],
] as const)
  test(`limit ${limit} over ${n} items: each item once, at most max(1, limit) at a time`, async () => {
    const g = gatedWork();
    const run = runConcurrently(items(n), limit, never, g.work);
    while (g.done.length < n) {
      await g.untilStarted(Math.min(n, g.done.length + Math.max(1, Math.min(limit, n))));
      for (const [item, release] of g.gates) {
        g.gates.delete(item);
        release();
      }
      await new Promise((r) => setImmediate(r));
    }
    await run;
    assert.equal(
      [...g.started].sort((a, b) => a - b),
      items(n),
    );
    assert.equal(
      [...g.done].sort((a, b) => a - b),
      items(n),
    );
    assert.is(g.maxInFlight(), Math.max(1, Math.min(limit, n)));
  });

test('no items: nothing runs and it resolves', async () => {
  let calls = 0;
  await runConcurrently([], 4, never, async () => void calls++);
  assert.is(calls, 0);
});

test('the first error is rethrown after the in-flight items settle; no new item starts', async () => {
  const started: number[] = [];
  const finished: number[] = [];
  const error = await rejectionOf(
    runConcurrently(items(10), 2, never, async (item) => {
      started.push(item);
      await new Promise((r) => setImmediate(r));
      if (item === 1) throw new Error('item 1 failed');
      if (item === 2) throw new Error('item 2 failed');
      finished.push(item);
    }),
  );
  assert.is((error as Error).message, 'item 1 failed');
  // Items 0 and 1 ran together; after 1 failed no worker took another item beyond the one
  // already taken by the worker that finished 0.
  assert.ok(started.length <= 3, `started ${started.join(',')}`);
  assert.ok(!finished.includes(9));
});

test('an abort stops taking items, lets the in-flight ones finish, and rejects with the reason', async () => {
  const controller = new AbortController();
  const finished: number[] = [];
  const error = await rejectionOf(
    runConcurrently(items(10), 2, controller.signal, async (item) => {
      if (item === 3) controller.abort(new Error('shutting down'));
      await new Promise((r) => setImmediate(r));
      finished.push(item);
    }),
  );
  assert.is((error as Error).message, 'shutting down');
  assert.ok(finished.includes(3), 'the item in flight at the abort finishes');
  assert.ok(finished.length < 10 && !finished.includes(9), `finished ${finished.join(',')}`);
});

test('a signal aborted before the start runs nothing', async () => {
  const controller = new AbortController();
  controller.abort(new Error('stopped'));
  let calls = 0;
  const error = await rejectionOf(
    runConcurrently(items(3), 2, controller.signal, async () => void calls++),
  );
  assert.is((error as Error).message, 'stopped');
  assert.is(calls, 0);
});

test.run();
