/** createWriteBehind: group commit of results, one write at a time, failures surface. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createWriteBehind } from '../../../src/app/usecases/write-behind.js';
import { rejectionOf } from '../../support/rejection-of.js';

const tick = () => new Promise((r) => setImmediate(r));

/** A write the test releases, so what goes into each write is observed, not timed. */
function gatedWrite() {
  const writes: number[][] = [];
  const gates: (() => void)[] = [];
  let writing = 0;
  let overlapped = false;
  const write = async (batch: readonly number[]) => {
    overlapped ||= writing > 0;
    writing++;
    writes.push([...batch]);
    await new Promise<void>((r) => gates.push(r));
    writing--;
  };
  const releaseAll = async () => {
    while (gates.length > 0) {
      gates.shift()?.();
      await tick();
    }
  };
  return { write, writes, releaseAll, overlapped: () => overlapped };
}

test('what is added while a write runs goes into the next write, all together', async () => {
  const g = gatedWrite();
  const log = createWriteBehind(g.write, 100);
  await log.add(1);
  await log.add(2);
  await log.add(3);
  await g.releaseAll();
  await log.drain();
  assert.equal(g.writes, [[1], [2, 3]]);
  assert.not.ok(g.overlapped(), 'one write at a time');
});

test('drain with nothing added resolves without writing', async () => {
  const g = gatedWrite();
  await createWriteBehind(g.write, 10).drain();
  assert.equal(g.writes, []);
});

test('add waits once maxQueued results are queued (back-pressure)', async () => {
  const g = gatedWrite();
  const log = createWriteBehind(g.write, 2);
  await log.add(1);
  await log.add(2);
  let third = false;
  const adding = log.add(3).then(() => (third = true));
  await tick();
  assert.not.ok(third, 'the third add waits for the write in progress');
  const draining = log.drain();
  while (!third) await g.releaseAll();
  await adding;
  await g.releaseAll();
  await draining;
  assert.equal(g.writes.flat(), [1, 2, 3]);
});

test('a failed write is thrown by drain and by every later add', async () => {
  let calls = 0;
  const log = createWriteBehind<number>(async () => {
    calls++;
    await tick();
    throw new Error('database gone');
  }, 10);
  await log.add(1);
  assert.is(((await rejectionOf(log.drain())) as Error).message, 'database gone');
  assert.is(((await rejectionOf(log.add(2))) as Error).message, 'database gone');
  assert.is(calls, 1);
});

test.run();
