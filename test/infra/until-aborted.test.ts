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

test.run();
