/** readAhead: a read that starts before its consumer, bounded, and never ends silently. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readAhead } from '../../../src/app/usecases/read-ahead.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A source of `n` numbers that counts what was pulled and can fail or hang at an index. */
function countingSource(n: number, at: { failAt?: number; hangAt?: number } = {}) {
  const seen = { pulled: 0, ended: false, signal: null as AbortSignal | null };
  async function* open(signal: AbortSignal): AsyncGenerator<number> {
    seen.signal = signal;
    try {
      for (let i = 0; i < n; i++) {
        if (i === at.failAt) throw new Error(`API X failed at ${i}`);
        if (i === at.hangAt)
          await new Promise((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
          );
        seen.pulled += 1;
        yield i;
      }
    } finally {
      seen.ended = true;
    }
  }
  return { open, seen };
}

/** The error `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.unreachable('it resolved');
  throw new Error('unreachable');
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

test('reads before anyone asks, up to max, then waits for the consumer', async () => {
  const { open, seen } = countingSource(10);
  const ahead = readAhead(open, { max: 3, signal: new AbortController().signal });
  for (let i = 0; i < 5; i++) await turn();
  assert.is(seen.pulled, 3);
  assert.equal(
    await all(ahead.items(new AbortController().signal)),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.ok(seen.ended);
  await ahead.stop();
});

test('a failure reaches the consumer after the items read before it', async () => {
  const { open } = countingSource(10, { failAt: 4 });
  const ahead = readAhead(open, { max: 100, signal: new AbortController().signal });
  const got: number[] = [];
  const reading = (async () => {
    for await (const i of ahead.items(new AbortController().signal)) got.push(i);
  })();
  assert.is((await rejection(reading)).message, 'API X failed at 4');
  assert.equal(got, [0, 1, 2, 3]);
  await ahead.stop();
});

test('stop() aborts the read and resolves once the source has ended', async () => {
  const { open, seen } = countingSource(10, { hangAt: 2 });
  const ahead = readAhead(open, { max: 100, signal: new AbortController().signal });
  await turn();
  assert.is(seen.ended, false);
  await ahead.stop();
  assert.ok(seen.signal?.aborted);
  assert.ok(seen.ended, 'the source still ran after stop() resolved');
});

test("the run's signal stops the read too", async () => {
  const { open, seen } = countingSource(10, { hangAt: 1 });
  const run = new AbortController();
  const ahead = readAhead(open, { max: 100, signal: run.signal });
  await turn();
  run.abort(new Error('the run stopped'));
  await ahead.stop();
  assert.ok(seen.ended);
});

test("the consumer's abort ends its wait at once, while the source still hangs", async () => {
  const { open, seen } = countingSource(10, { hangAt: 2 });
  const ahead = readAhead(open, { max: 100, signal: new AbortController().signal });
  const consumer = new AbortController();
  const got: number[] = [];
  const reading = (async () => {
    for await (const i of ahead.items(consumer.signal)) got.push(i);
  })();
  await turn();
  consumer.abort(new Error('the other list failed'));
  assert.match((await rejection(reading)).message, /the other list failed/);
  assert.equal(got, [0, 1]);
  assert.is(seen.ended, false);
  await ahead.stop();
  assert.ok(seen.ended);
});

test('a read cut short by stop() is an error for a consumer still reading, never a silent end', async () => {
  const { open } = countingSource(100);
  const ahead = readAhead(open, { max: 2, signal: new AbortController().signal });
  await turn();
  const items = ahead.items(new AbortController().signal)[Symbol.asyncIterator]();
  assert.equal((await items.next()).value, 0);
  await ahead.stop();
  const rest = (async () => {
    for (;;) if ((await items.next()).done) return;
  })();
  assert.match((await rejection(rest)).message, /stopped/);
});

test('items() is taken once; max must be a positive integer', async () => {
  const { open } = countingSource(1);
  const ahead = readAhead(open, { max: 1, signal: new AbortController().signal });
  ahead.items(new AbortController().signal);
  assert.throws(() => ahead.items(new AbortController().signal), /once/);
  await ahead.stop();
  for (const max of [0, -1, 1.5, Number.NaN])
    assert.throws(
      () => readAhead(countingSource(1).open, { max, signal: new AbortController().signal }),
      RangeError,
    );
});

test.run();
