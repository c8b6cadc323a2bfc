/** createSerialQueue: one task at a time, in order; the first failure stops it or stays its own. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSerialQueue } from '../../../src/app/usecases/serial-queue.js';
import { rejectionOf } from '../../support/rejection-of.js';

const tick = () => new Promise((r) => setImmediate(r));

/** Tasks that start when the queue runs them and end when the test opens their gate. */
function gatedTasks() {
  const started: string[] = [];
  const gates = new Map<string, { open: () => void; fail: (error: Error) => void }>();
  let running = 0;
  let overlapped = false;
  const task = (name: string) => () => {
    overlapped ||= running > 0;
    running++;
    started.push(name);
    return new Promise<string>((resolve, reject) => {
      gates.set(name, {
        open: () => {
          running--;
          resolve(name);
        },
        fail: (error) => {
          running--;
          reject(error);
        },
      });
    });
  };
  const gate = (name: string) => {
    const g = gates.get(name);
    if (!g) throw new Error(`task ${name} has not started`);
    return g;
  };
  return { task, started, gate, overlapped: () => overlapped };
}

test('tasks run one at a time in the order submitted, each settling with its own result', async () => {
  const t = gatedTasks();
  const queue = createSerialQueue();
  const a = queue.run(t.task('a'));
  const b = queue.run(t.task('b'));
  const c = queue.run(t.task('c'));
  await tick();
  assert.equal(t.started, ['a'], 'b waits for a');
  t.gate('a').open();
  await tick();
  assert.equal(t.started, ['a', 'b']);
  t.gate('b').open();
  await tick();
  t.gate('c').open();
  assert.equal(await Promise.all([a, b, c]), ['a', 'b', 'c']);
  assert.not.ok(t.overlapped(), 'never two at once');
});

test('a task submitted to an idle queue starts at once, in the caller turn', async () => {
  const t = gatedTasks();
  const queue = createSerialQueue();
  void queue.run(t.task('a'));
  assert.equal(t.started, ['a']);
  t.gate('a').open();
  await queue.drain();
  void queue.run(t.task('b'));
  assert.equal(t.started, ['a', 'b'], 'idle again once drained');
  t.gate('b').open();
  await queue.drain();
});

test('drain waits for the tasks submitted while it waits; on an idle queue it resolves', async () => {
  const t = gatedTasks();
  const queue = createSerialQueue();
  await queue.drain();
  void queue.run(t.task('a'));
  let drained = false;
  const draining = queue.drain().then(() => (drained = true));
  void queue.run(t.task('b'));
  t.gate('a').open();
  await tick();
  assert.not.ok(drained, 'b, submitted after drain began, still runs');
  t.gate('b').open();
  await draining;
  assert.equal(t.started, ['a', 'b']);
});

test('stop (default): the first failure skips the tasks after it and is thrown everywhere after', async () => {
  const t = gatedTasks();
  const queue = createSerialQueue();
  const a = queue.run(t.task('a'));
  const b = queue.run(t.task('b'));
  const c = queue.run(t.task('c'));
  t.gate('a').fail(new Error('database gone'));
  assert.is(((await rejectionOf(a)) as Error).message, 'database gone');
  assert.is(((await rejectionOf(b)) as Error).message, 'database gone', 'b never ran');
  assert.is(((await rejectionOf(c)) as Error).message, 'database gone', 'c never ran');
  assert.equal(t.started, ['a']);
  assert.is(((await rejectionOf(queue.drain())) as Error).message, 'database gone');
  assert.is(((await rejectionOf(queue.drain())) as Error).message, 'database gone', 'again');
  assert.throws(() => queue.throwIfFailed(), /database gone/);
  const late = queue.run(t.task('late'));
  assert.is(((await rejectionOf(late)) as Error).message, 'database gone');
  assert.equal(t.started, ['a'], 'a task submitted after the failure never runs');
});

test('stop: only the first of two failures is reported', async () => {
  const t = gatedTasks();
  const queue = createSerialQueue();
  void queue.run(t.task('a'));
  void queue.run(async () => {
    throw new Error('second');
  });
  // The second task is skipped, so its own error never arises; the queue reports the first.
  t.gate('a').fail(new Error('first'));
  assert.is(((await rejectionOf(queue.drain())) as Error).message, 'first');
});

test('continue: a failure is its own task only; the next runs and drain resolves', async () => {
  const t = gatedTasks();
  const queue = createSerialQueue({ afterFailure: 'continue' });
  const a = queue.run(t.task('a'));
  const b = queue.run(t.task('b'));
  t.gate('a').fail(new Error('page store failed'));
  assert.is(((await rejectionOf(a)) as Error).message, 'page store failed');
  await tick();
  assert.equal(t.started, ['a', 'b'], 'b runs after a failed');
  t.gate('b').open();
  assert.is(await b, 'b');
  await queue.drain();
  queue.throwIfFailed();
});

test('a task that throws before returning a promise fails like one that rejects', async () => {
  const queue = createSerialQueue();
  const thrown = queue.run((): Promise<void> => {
    throw new Error('at once');
  });
  assert.is(((await rejectionOf(thrown)) as Error).message, 'at once');
  assert.is(((await rejectionOf(queue.drain())) as Error).message, 'at once');
});

test('an ignored failing task leaves no unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const queue = createSerialQueue();
    void queue.run(() => Promise.reject(new Error('ignored')));
    void queue.run(() => Promise.resolve('skipped'));
    await tick();
    await tick();
    assert.equal(unhandled, []);
    assert.is(((await rejectionOf(queue.drain())) as Error).message, 'ignored');
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test.run();
