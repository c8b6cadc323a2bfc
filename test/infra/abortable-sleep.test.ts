import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { abortableSleep } from '../../src/infra/abortable-sleep.js';

const reasonOf = async (promise: Promise<void>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return 'resolved';
};

test('resolves after the wait when nothing aborts', async () => {
  assert.is(await reasonOf(abortableSleep(1)), 'resolved');
  assert.is(await reasonOf(abortableSleep(0, new AbortController().signal)), 'resolved');
  assert.is(await reasonOf(abortableSleep(-5)), 'resolved');
});

test('rejects with the reason of a signal that already aborted', async () => {
  const reason = new Error('stop');
  assert.is(await reasonOf(abortableSleep(10, AbortSignal.abort(reason))), reason);
});

test('an abort ends a long wait with its reason', async () => {
  const controller = new AbortController();
  const reason = new Error('shutdown');
  // An hour: only the abort can end this before the test runner's timeout.
  const sleeping = reasonOf(abortableSleep(60 * 60_000, controller.signal));
  controller.abort(reason);
  assert.is(await sleeping, reason);
});

test('a wait beyond what a Node timer holds is not cut to 1 ms', async () => {
  // setTimeout(fn, 2 ** 31) fires after 1 ms (TimeoutOverflowWarning); this must still be waiting.
  const controller = new AbortController();
  let settled = false;
  const sleeping = abortableSleep(2 ** 40, controller.signal).then(
    () => (settled = true),
    () => undefined,
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.is(settled, false);
  controller.abort(new Error('end'));
  await sleeping;
});

test.run();
