import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { untilAborted } from '../../src/infra/until-aborted.js';

const never = new Promise<string>(() => undefined);

test('settles like the promise when nothing aborts, with or without a signal', async () => {
  assert.is(await untilAborted(Promise.resolve('a')), 'a');
  assert.is(await untilAborted(Promise.resolve('b'), new AbortController().signal), 'b');
  const failure = new Error('failed');
  try {
    await untilAborted(Promise.reject(failure), new AbortController().signal);
    assert.unreachable('should have rejected');
  } catch (error) {
    assert.is(error, failure);
  }
});

test('rejects with the abort reason while the promise never settles', async () => {
  const reason = new Error('stop');
  for (const signal of [AbortSignal.abort(reason), undefined]) {
    const controller = new AbortController();
    const racing = untilAborted(never, signal ?? controller.signal);
    controller.abort(reason);
    try {
      await racing;
      assert.unreachable('should have rejected');
    } catch (error) {
      assert.is(error, reason);
    }
  }
});

test('a promise that rejects after its signal was already aborted is not left unhandled', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const reason = new Error('stopped before the request');
    let fail: (error: Error) => void = () => undefined;
    const request = new Promise<string>((_, reject) => (fail = reject));
    try {
      await untilAborted(request, AbortSignal.abort(reason));
      assert.unreachable('should have rejected');
    } catch (error) {
      assert.is(error, reason);
    }
    fail(new Error('GraphQL Client: the request was aborted'));
    // Node reports unhandled rejections after the microtask queue drains: one macrotask later.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test.run();
