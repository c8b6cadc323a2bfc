/** runClaimed: a sliding window over claimed batches, with no barrier between batches. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runClaimed } from '../../../src/app/usecases/run-concurrently.js';
import { rejectionOf } from '../../support/rejection-of.js';

const never = new AbortController().signal;
const tick = () => new Promise((r) => setImmediate(r));

/** Batches of `size` from 0..n-1, then empty ones; counts claims and whether two overlapped. */
function batches(n: number, size: number) {
  let next = 0;
  let claims = 0;
  let claiming = false;
  let overlapped = false;
  return {
    claims: () => claims,
    overlapped: () => overlapped,
    claim: async () => {
      overlapped ||= claiming;
      claiming = true;
      claims++;
      await tick();
      const batch = Array.from({ length: Math.max(0, Math.min(size, n - next)) }, () => next++);
      claiming = false;
      return batch;
    },
  };
}

test('a slow item holds up no batch: later batches run past it, within the limit', async () => {
  const source = batches(9, 3);
  let release: () => void = () => {};
  const finished: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = runClaimed({
    claim: source.claim,
    limit: 2,
    signal: never,
    async work(item) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (item === 0) await new Promise<void>((r) => (release = r));
      else await tick();
      inFlight--;
      finished.push(item);
    },
  });
  // With batches as barriers, items 3..8 would wait for item 0.
  while (finished.length < 8) await tick();
  assert.equal(
    [...finished].sort((a, b) => a - b),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  release();
  await run;
  assert.is(finished.length, 9);
  assert.is(maxInFlight, 2);
  assert.not.ok(source.overlapped(), 'one claim at a time');
});

for (const [n, size, limit] of [
  [0, 3, 2],
  [1, 3, 4],
  [10, 3, 2],
  [10, 10, 1],
  [7, 2, 0],
] as const)
  test(`${n} items in batches of ${size}, limit ${limit}: each item once, ends on an empty claim`, async () => {
    const source = batches(n, size);
    const seen: number[] = [];
    await runClaimed({
      claim: source.claim,
      limit,
      signal: never,
      async work(item) {
        await tick();
        seen.push(item);
      },
    });
    assert.equal(
      [...seen].sort((a, b) => a - b),
      Array.from({ length: n }, (_, i) => i),
    );
    assert.not.ok(source.overlapped());
  });

test('prefetch: the next batch is asked for once fewer than `prefetch` items wait', async () => {
  const source = batches(30, 10);
  let started = 0;
  const startedAtClaim: number[] = [];
  await runClaimed({
    claim: () => {
      startedAtClaim.push(started);
      return source.claim();
    },
    limit: 2,
    prefetch: 6,
    signal: never,
    async work() {
      started++;
      await tick();
    },
  });
  // 10 claimed, 2 start at once (8 wait); the next claim once 5 wait, i.e. 5 started. Without
  // prefetch it came when fewer than `limit` (2) waited: 9 started.
  assert.is(startedAtClaim[1], 5);
  assert.is(started, 30);
  assert.not.ok(source.overlapped(), 'one claim at a time');
});

test('keepClaiming false: the claimed items still run, no more are claimed', async () => {
  const source = batches(20, 4);
  const seen: number[] = [];
  await runClaimed({
    claim: source.claim,
    limit: 2,
    signal: never,
    keepClaiming: () => seen.length < 1,
    async work(item) {
      await tick();
      seen.push(item);
    },
  });
  assert.is(source.claims(), 1);
  assert.equal(
    [...seen].sort((a, b) => a - b),
    [0, 1, 2, 3],
  );
});

test('a failed claim is rethrown once the items in flight settle', async () => {
  let claims = 0;
  const seen: number[] = [];
  const error = await rejectionOf(
    runClaimed({
      async claim() {
        if (claims++ > 0) throw new Error('claim failed');
        return [1, 2, 3];
      },
      limit: 2,
      signal: never,
      async work(item) {
        await tick();
        seen.push(item);
      },
    }),
  );
  assert.is((error as Error).message, 'claim failed');
  assert.ok(seen.length <= 3);
});

test('a failed item stops the window and is rethrown', async () => {
  const source = batches(50, 5);
  const seen: number[] = [];
  const error = await rejectionOf(
    runClaimed({
      claim: source.claim,
      limit: 3,
      signal: never,
      async work(item) {
        await tick();
        if (item === 4) throw new Error('item 4 failed');
        seen.push(item);
      },
    }),
  );
  assert.is((error as Error).message, 'item 4 failed');
  assert.ok(!seen.includes(49), `${seen.length} items ran`);
});

test('an abort stops taking items and rejects with the reason', async () => {
  const controller = new AbortController();
  const source = batches(50, 5);
  const seen: number[] = [];
  const error = await rejectionOf(
    runClaimed({
      claim: source.claim,
      limit: 2,
      signal: controller.signal,
      async work(item) {
        if (item === 3) controller.abort(new Error('shutting down'));
        await tick();
        seen.push(item);
      },
    }),
  );
  assert.is((error as Error).message, 'shutting down');
  assert.ok(seen.includes(3) && !seen.includes(49));
});

test('after a settle finds more, the window is full again: no worker is lost to the lull', async () => {
  // Round one: 4 items, then an empty claim. settle (it writes outcomes: it takes a moment)
  // says yes once, and the claim after it finds 8 more. Those run 4 at a time, not 1.
  const rounds: number[][] = [[0, 1, 2, 3], [], [4, 5, 6, 7, 8, 9, 10, 11]];
  let settles = 0;
  let inFlight = 0;
  let maxLater = 0;
  const seen: number[] = [];
  await runClaimed({
    claim: async () => {
      await tick();
      return rounds.shift() ?? [];
    },
    limit: 4,
    signal: never,
    settle: async () => {
      await tick();
      return settles++ === 0;
    },
    async work(item) {
      inFlight++;
      if (item >= 4) maxLater = Math.max(maxLater, inFlight);
      await tick();
      await tick();
      inFlight--;
      seen.push(item);
    },
  });
  assert.equal(
    [...seen].sort((a, b) => a - b),
    Array.from({ length: 12 }, (_, i) => i),
  );
  assert.is(maxLater, 4, 'items after the settle ran 4 at a time');
});

test('keepClaiming false after the first claim: its items still run, no second claim, no settle', async () => {
  const source = batches(9, 3);
  const ran: number[] = [];
  let settles = 0;
  await runClaimed({
    claim: source.claim,
    limit: 2,
    signal: never,
    keepClaiming: () => source.claims() === 0,
    settle: async () => {
      settles++;
      return true;
    },
    work: async (item) => {
      await tick();
      ran.push(item);
    },
  });
  assert.equal(
    [...ran].sort((a, b) => a - b),
    [0, 1, 2],
  );
  assert.is(source.claims(), 1);
  assert.is(settles, 0);
});

test.run();
