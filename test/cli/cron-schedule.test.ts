import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cronMatches, nextCronTime, parseCron } from '../../src/domain/cron-schedule.js';
import { createWorker } from '../../src/app/worker/worker.js';
import type { JobName } from '../../src/domain/model/sync-run.js';
import { silent } from '../support/silent-logger.js';
import { abortableSleep } from '../../src/infra/abortable-sleep.js';

const schedule = (expression: string) => {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

// [expression, UTC time, fires?]
const matches: [string, string, boolean][] = [
  ['* * * * *', '2026-11-25T10:17:42Z', true],
  ['0 3 * * *', '2026-11-25T03:00:59Z', true],
  ['0 3 * * *', '2026-11-25T03:01:00Z', false],
  ['0 3 * * *', '2026-11-25T04:00:00Z', false],
  ['*/5 * * * *', '2026-11-25T10:15:00Z', true],
  ['*/5 * * * *', '2026-11-25T10:16:00Z', false],
  ['10-20/5 * * * *', '2026-11-25T10:20:00Z', true],
  ['10-20/5 * * * *', '2026-11-25T10:25:00Z', false],
  ['5/20 * * * *', '2026-11-25T10:45:00Z', true],
  ['0 9 * * MON-FRI', '2026-11-25T09:00:00Z', true], // a Wednesday
  ['0 9 * * mon-fri', '2026-11-28T09:00:00Z', false], // a Saturday
  ['0 0 * * 7', '2026-11-29T00:00:00Z', true], // 7 is Sunday
  ['0 0 * * 0', '2026-11-29T00:00:00Z', true],
  ['0 0 1 JAN *', '2027-01-01T00:00:00Z', true],
  ['0 0 1,15 * *', '2026-11-15T00:00:00Z', true],
  // both day fields restricted: either one matches (the 13th, or any Friday)
  ['0 0 13 * 5', '2026-11-13T00:00:00Z', true],
  ['0 0 13 * 5', '2026-11-20T00:00:00Z', true],
  ['0 0 13 * 5', '2026-11-21T00:00:00Z', false],
  // only the day of week restricted: the day of month is not a wildcard match for other days
  ['0 0 * * 5', '2026-11-21T00:00:00Z', false],
];
for (const [expression, at, fires] of matches) {
  test(`'${expression}' at ${at}: ${fires ? 'fires' : 'does not fire'}`, () => {
    assert.is(cronMatches(schedule(expression), new Date(at)), fires);
  });
}

const invalid: [string, RegExp][] = [
  ['* * * *', /5 fields/],
  ['* * * * * *', /5 fields/],
  ['60 * * * *', /minute '60'/],
  ['* 24 * * *', /hour '24'/],
  ['* * 0 * *', /day of month '0'/],
  ['* * * 13 *', /month '13'/],
  ['* * * * 8', /day of week '8'/],
  ['*/0 * * * *', /step/],
  ['5-1 * * * *', /backwards/],
  ['a * * * *', /minute 'a'/],
  ['1-2-3 * * * *', /not a range/],
  ['*/5/2 * * * *', /more than one/],
];
for (const [expression, reason] of invalid) {
  test(`'${expression}' is rejected with a reason`, () => {
    const parsed = parseCron(expression);
    assert.is(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.reason, reason);
  });
}

const nexts: [string, string, string][] = [
  ['*/5 * * * *', '2026-11-25T10:15:00Z', '2026-11-25T10:20:00.000Z'],
  ['*/5 * * * *', '2026-11-25T10:17:31Z', '2026-11-25T10:20:00.000Z'],
  ['0 3 * * *', '2026-11-25T03:00:00Z', '2026-11-26T03:00:00.000Z'],
  ['0 0 29 2 *', '2026-11-25T00:00:00Z', '2028-02-29T00:00:00.000Z'],
];
for (const [expression, after, next] of nexts) {
  test(`next of '${expression}' after ${after} is ${next}`, () => {
    assert.is(nextCronTime(schedule(expression), new Date(after))?.toISOString(), next);
  });
}

/** A clock that jumps forward when the worker sleeps: hours of schedule in microseconds. */
function fakeClock(start: string) {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    sleep: async (ms: number, signal: AbortSignal) => {
      if (!signal.aborted) t += ms;
      await Promise.resolve();
    },
  };
}

test('worker: each job runs at its slots, both at a shared slot, and run() ends after abort once jobs finish', async () => {
  const clock = fakeClock('2026-11-25T02:52:10Z');
  const runs: [JobName, string][] = [];
  const stop = new AbortController();
  const job = (name: JobName, expression: string) => ({
    job: name,
    schedule: schedule(expression),
    run() {
      runs.push([name, clock.now().toISOString().slice(11, 16)]);
      if (runs.length >= 6) stop.abort();
      return Promise.resolve();
    },
  });
  await createWorker({
    jobs: [job('sync-to-shopify', '0 3 * * *'), job('sync-orders', '*/5 * * * *')],
    logger: silent,
    ...clock,
  }).run(stop.signal);
  assert.equal(runs, [
    ['sync-orders', '02:55'],
    ['sync-to-shopify', '03:00'],
    ['sync-orders', '03:00'],
    ['sync-orders', '03:05'],
    ['sync-orders', '03:10'],
    ['sync-orders', '03:15'],
  ]);
});

test('worker: a slot that comes while the same job still runs is skipped; abort waits for the running job', async () => {
  const clock = fakeClock('2026-11-25T10:00:30Z');
  const stop = new AbortController();
  let started = 0;
  let finished = 0;
  let release: () => void = () => {};
  const worker = createWorker({
    logger: silent,
    ...clock,
    jobs: [
      {
        job: 'sync-to-shopify',
        schedule: schedule('* * * * *'),
        async run(signal) {
          started++;
          // The first run lasts until the test lets it go; the worker keeps ticking meanwhile.
          if (started === 1) await new Promise<void>((resolve) => (release = resolve));
          finished++;
          assert.ok(signal === stop.signal);
        },
      },
      {
        job: 'sync-orders',
        schedule: schedule('* * * * *'),
        run() {
          if (clock.now().getUTCMinutes() >= 5) stop.abort();
          return Promise.resolve();
        },
      },
    ],
  });
  const done = worker.run(stop.signal, { runAtStart: true });
  await new Promise((r) => setTimeout(r, 20));
  assert.is(started, 1, 'slots 10:01..10:05 were skipped while the first run was going');
  assert.ok(stop.signal.aborted);
  let ended = false;
  void done.then(() => (ended = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.is(ended, false, 'run() waits for the job still running');
  release();
  await done;
  assert.is(finished, 1);
});

test('worker: with the service sleep (which rejects on abort) an abort mid-wait ends run() cleanly', async () => {
  const stop = new AbortController();
  // A schedule that never fires again: the worker waits as long as a timer allows.
  const worker = createWorker({
    logger: silent,
    sleep: abortableSleep,
    now: () => new Date('2026-11-25T10:00:30Z'),
    jobs: [{ job: 'sync-orders', schedule: schedule('0 0 30 2 *'), run: () => Promise.resolve() }],
  });
  const done = worker.run(stop.signal);
  stop.abort(new Error('SIGTERM'));
  await done;
});

test.run();
