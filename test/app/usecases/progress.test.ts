/** Progress of a long step: every update to the sink, a log line every few seconds of a fake clock. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createProgress } from '../../../src/app/usecases/progress.js';
import type { ProgressState } from '../../../src/domain/ports/progress.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';

function setup(total: number | null) {
  let t = 1_000_000;
  const updates: ProgressState[] = [];
  const finished: ProgressState[] = [];
  const context = fakeStepContext();
  const lines = () => context.lines().filter((l) => l.level === 'info');
  const progress = createProgress(
    {
      logger: context.ctx.logger,
      progress: { update: (s) => void updates.push(s), finish: (s) => void finished.push(s) },
    },
    'fetching orders',
    total,
    { everyMs: 5000, now: () => t },
  );
  return { progress, updates, finished, lines, advance: (ms: number) => (t += ms) };
}

test('every add reaches the sink with done, total, rate and time left', () => {
  const s = setup(100);
  s.advance(2000);
  s.progress.add(20);
  assert.equal(s.updates, [
    { step: 'fetching orders', done: 20, total: 100, ratePerSecond: 10, etaSeconds: 8 },
  ]);
});

test('a log line every 5 s of the clock, not per add', () => {
  const s = setup(100);
  for (let i = 0; i < 10; i++) {
    s.advance(1000);
    s.progress.add(5);
  }
  assert.equal(
    s.lines().map((l) => l.message),
    ['fetching orders: 25/100 (5/s, ~15s left)', 'fetching orders: 50/100 (5/s, ~10s left)'],
  );
});

test('without a total: no time left, no "/total"', () => {
  const s = setup(null);
  s.advance(5000);
  s.progress.add(50);
  assert.equal(s.updates[0]?.etaSeconds, null);
  assert.equal(
    s.lines().map((l) => l.message),
    ['fetching orders: 50 (10/s)'],
  );
});

test('done: the sink is finished; a closing log line only for a step that took a while', () => {
  const quick = setup(10);
  quick.advance(100);
  quick.progress.add(10);
  quick.progress.done();
  assert.is(quick.finished.length, 1);
  assert.equal(quick.lines(), []);
  const slow = setup(10);
  slow.advance(6000);
  slow.progress.add(10);
  slow.progress.done();
  assert.ok(slow.lines().some((l) => l.message === 'fetching orders: finished 10'));
});

test('done with nothing counted writes no closing line', () => {
  const s = setup(null);
  s.advance(60_000);
  s.progress.done();
  assert.equal(s.lines(), []);
  assert.is(s.finished[0]?.done, 0);
});

test.run();
