import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createJobRunner } from '../../../src/app/jobs/run-job.js';
import type { RunReport } from '../../../src/app/jobs/run-report.js';
import type { FinishedRun, NewRun, RunRecords } from '../../../src/domain/ports/run-records.js';
import type { RecordError } from '../../../src/domain/model/record-error.js';
import type { Lock, LockAttempt } from '../../../src/domain/ports/lock.js';
import { silent } from '../../support/silent-logger.js';

/** In-memory fakes of the runner's ports, recording what happened in order. */
function fakes(
  options: {
    held?: boolean;
    failStart?: boolean;
    failPush?: boolean;
    lockError?: boolean;
    failErrors?: boolean;
  } = {},
) {
  const events: string[] = [];
  const lost = new AbortController();
  const runs = new Map<string, { run: NewRun; finished?: FinishedRun; skipped?: unknown }>();
  const errors: RecordError[] = [];
  const reports: RunReport[] = [];
  const lock: Lock = {
    async tryAcquire(name): Promise<LockAttempt> {
      events.push(`acquire ${name}`);
      if (options.lockError)
        throw new Error('the service account cannot update leases.coordination.k8s.io');
      if (options.held)
        return { acquired: false, holder: 'pod-a', since: '2026-11-25T07:00:00.000000Z' };
      return {
        acquired: true,
        held: { lost: lost.signal, release: async () => void events.push('release') },
      };
    },
  };
  const records: RunRecords = {
    markDied: async () => 0,
    async start(run) {
      if (options.failStart) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      runs.set('1', { run });
      events.push('start');
      return '1';
    },
    async finish(id, outcome) {
      const r = runs.get(id);
      if (r) r.finished = outcome;
      events.push(`finish ${outcome.status}`);
    },
    async recordSkipped(run, detail) {
      runs.set('9', { run, skipped: detail });
      events.push('skipped');
      return '9';
    },
    async appendErrors(_id, batch) {
      if (options.failErrors) throw new Error('invalid input syntax for type json');
      errors.push(...batch);
    },
    failuresInARow: async () => 0,
  };
  const reporter = {
    async push(report: RunReport) {
      events.push(`push ${report.status}`);
      reports.push(report);
      if (options.failPush) throw new Error('pushgateway down');
    },
  };
  const runner = createJobRunner({
    lock,
    records,
    reporter,
    logger: silent,
    describeError: (e) => (e instanceof Error ? e.message : String(e)),
  });
  return { runner, events, runs, errors, reports, lost };
}

const base = {
  job: 'sync-orders' as const,
  shop: 'a.myshopify.com',
  trigger: 'manual' as const,
  holder: 'me',
};

test('success: lock, record, pipeline, outcome, metrics, release, in that order', async () => {
  const f = fakes();
  const result = await f.runner.run({
    ...base,
    signal: new AbortController().signal,
    pipeline: async (ctx) => {
      ctx.counter.add('order', 'pushed', 3);
      await ctx.recordError({
        entity: 'order',
        externalId: 'gid://shopify/Order/1',
        field: 'email',
        reason: 'bad',
        payload: {},
      });
    },
  });
  assert.is(result.status, 'succeeded');
  assert.equal(f.events, [
    'acquire integration-service-sync-orders-a',
    'start',
    'finish succeeded',
    'push succeeded',
    'release',
  ]);
  assert.equal(result.counts, { order: { pushed: 3, failed: 1 } });
  assert.is(f.errors.length, 1);
  assert.equal(f.reports[0]?.recordErrors, { order: 1 });
});

test('a dry run is recorded as one and pushes nothing, whatever its outcome', async () => {
  for (const pipeline of [async () => {}, async () => Promise.reject(new Error('API X: 503'))]) {
    const f = fakes();
    const result = await f.runner.run({
      ...base,
      dryRun: true,
      signal: new AbortController().signal,
      pipeline,
    });
    assert.equal(f.runs.get('1')?.run.dryRun, true);
    assert.equal(f.reports, [], `${result.status}: no metrics`);
    assert.ok(f.events.includes('release'));
  }
});

test('held elsewhere: recorded as skipped with the holder, nothing run, exit-worthy status', async () => {
  const f = fakes({ held: true });
  let ran = false;
  const result = await f.runner.run({
    ...base,
    signal: new AbortController().signal,
    pipeline: async () => void (ran = true),
  });
  assert.is(result.status, 'skipped');
  assert.not.ok(ran);
  assert.equal(result.heldBy, { holder: 'pod-a', since: '2026-11-25T07:00:00.000000Z' });
  assert.equal(f.events.slice(1), ['skipped', 'push skipped']);
});

test('a failing pipeline is recorded as failed; metrics pushed and the lock released anyway', async () => {
  const f = fakes();
  const result = await f.runner.run({
    ...base,
    signal: new AbortController().signal,
    pipeline: async () => Promise.reject(new Error('API X: 503')),
  });
  assert.is(result.status, 'failed');
  assert.is(result.error, 'API X: 503');
  assert.equal(f.events.slice(-3), ['finish failed', 'push failed', 'release']);
});

test('lock lost mid-run: the pipeline is stopped before its next write and the run fails', async () => {
  const f = fakes();
  const writes: number[] = [];
  const result = await f.runner.run({
    ...base,
    signal: new AbortController().signal,
    pipeline: async (ctx) => {
      for (let i = 0; i < 10; i++) {
        ctx.signal.throwIfAborted();
        writes.push(i);
        if (i === 2) f.lost.abort(new Error('lease taken over by pod-b'));
      }
    },
  });
  assert.equal(writes, [0, 1, 2]);
  assert.is(result.status, 'failed');
  assert.match(result.error ?? '', /lock lost.*pod-b/);
  assert.ok(f.events.includes('release'));
});

test('SIGTERM: interrupted, not failed', async () => {
  const f = fakes();
  const shutdown = new AbortController();
  const result = await f.runner.run({
    ...base,
    signal: shutdown.signal,
    pipeline: async (ctx) => {
      shutdown.abort(new Error('SIGTERM'));
      ctx.signal.throwIfAborted();
    },
  });
  assert.is(result.status, 'interrupted');
  assert.match(result.error ?? '', /SIGTERM/);
});

test('record errors that cannot be stored fail a run that would have succeeded, naming why', async () => {
  const f = fakes({ failErrors: true });
  const result = await f.runner.run({
    ...base,
    signal: new AbortController().signal,
    pipeline: async (ctx) => {
      await ctx.recordError({
        entity: 'order',
        externalId: '1001',
        field: 'note',
        reason: 'broken',
        payload: null,
      });
    },
  });
  assert.is(result.status, 'failed');
  assert.is(
    result.error,
    'could not store 1 per-record error(s): invalid input syntax for type json',
  );
  assert.equal(f.events.slice(-3), ['finish failed', 'push failed', 'release']);
});

test('the run record cannot be written: failed, and the lock is still released', async () => {
  const f = fakes({ failStart: true });
  const result = await f.runner.run({
    ...base,
    signal: new AbortController().signal,
    pipeline: async () => {},
  });
  assert.is(result.status, 'failed');
  assert.match(result.error ?? '', /ECONNREFUSED/);
  assert.ok(f.events.includes('release'));
});

test('a failing metrics push never fails the run', async () => {
  const f = fakes({ failPush: true });
  const result = await f.runner.run({
    ...base,
    signal: new AbortController().signal,
    pipeline: async () => {},
  });
  assert.is(result.status, 'succeeded');
  assert.ok(f.events.includes('release'));
});

test('the lock cannot be taken (RBAC, API server down): a failed run, recorded and pushed, pipeline never run', async () => {
  const f = fakes({ lockError: true });
  let ran = false;
  const result = await f.runner.run({
    ...base,
    signal: new AbortController().signal,
    pipeline: async () => void (ran = true),
  });
  assert.not.ok(ran);
  assert.is(result.status, 'failed');
  assert.match(result.error ?? '', /could not take the lock: .*cannot update leases/);
  assert.equal(f.events.slice(1), ['start', 'finish failed', 'push failed']);
});

test.run();
