/**
 * bothEnded: two steps at once; the first failure stops the other (its signal aborts with that
 * error), and the call settles only once both have ended. Timing by gates, not sleeps.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bothEnded } from '../../../src/app/usecases/both-ended.js';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';

/** A promise and its resolve, to let a step go on when the test says so. */
function gate() {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Resolves when `signal` aborts, with its reason. */
const aborted = (signal: AbortSignal) =>
  new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)));

test('both succeed: both results, in order', async () => {
  const { ctx } = fakeStepContext();
  assert.equal(await bothEnded(ctx, [async () => 'a', async () => 2]), ['a', 2]);
});

test('one fails: the other is aborted with its error, and the call waits for it to end', async () => {
  const { ctx } = fakeStepContext();
  const failure = new Error('membership failed');
  const fail = gate();
  const events: string[] = [];
  let otherReason: unknown;
  const call = bothEnded(ctx, [
    async () => {
      await fail.opened;
      events.push('first failed');
      throw failure;
    },
    async (both: StepContext) => {
      otherReason = await aborted(both.signal);
      events.push('other stopped');
      return 1;
    },
  ]).then(
    () => events.push('call resolved'),
    (error: unknown) =>
      events.push(error === failure ? 'call failed with the first error' : 'call failed otherwise'),
  );
  fail.open();
  await call;
  assert.equal(events, ['first failed', 'other stopped', 'call failed with the first error']);
  assert.is(otherReason, failure);
});

test('the run stopped: both see it through their own signal', async () => {
  const { ctx, abort } = fakeStepContext();
  const seen: unknown[] = [];
  const call = bothEnded(ctx, [
    async (c: StepContext) => seen.push(await aborted(c.signal)),
    async (c: StepContext) => seen.push(await aborted(c.signal)),
  ]);
  abort(new Error('shutdown'));
  await call;
  assert.is(seen.length, 2);
});

test.run();
