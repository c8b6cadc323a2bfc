import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CERTAIN_KILL_POINT,
  describeKillPoint,
  drawKillPoint,
  runKilledAt,
  type KillPoint,
} from './kill-points.js';
import {
  useResilienceEnvironment,
  type ResilienceEnvironment,
  type ResilienceOptions,
} from './resilience-environment.js';
import { withSeed } from './seeded.js';

export interface KillPointSuite {
  readonly job: 'sync-to-shopify' | 'sync-orders';
  readonly environment: ResilienceOptions;
  /** This file's share of the job's kill points (files run in parallel; each stays short). */
  readonly shard: number;
  readonly groups: number;
  readonly killsPerGroup: number;
  readonly limits: Parameters<typeof drawKillPoint>[1];
  /** Upstream work before a group of kills (new and changed records or orders). */
  prepare(env: ResilienceEnvironment, group: number, seed: number): Record<string, string>;
  /** Before the normal rerun (e.g. let back-off time pass). */
  beforeRerun?(env: ResilienceEnvironment): Promise<void>;
  /** Every invariant of the job, as a list of differences. */
  problems(env: ResilienceEnvironment): Promise<string[]>;
}

/**
 * Registers one file's kill-point test: for each group, upstream work, then `killsPerGroup` runs
 * each SIGKILLed at a seeded random point (kills in a row: a crash during crash recovery), then a
 * normal rerun after which every invariant holds. A failure prints RESILIENCE_SEED to replay it.
 */
export function registerKillPointSuite(suite: KillPointSuite): void {
  const env = useResilienceEnvironment(test, suite.environment);

  const total = suite.groups * suite.killsPerGroup;
  test(`${suite.job}: ${total} seeded kill points, each group followed by a normal rerun that converges`, async () => {
    await withSeed(`${suite.job} kill points (shard ${suite.shard})`, async (random, seed) => {
      let killed = 0;
      let certainKilled = 0;
      for (let group = 0; group < suite.groups; group++) {
        const runEnv = suite.prepare(env, group, seed + suite.shard * 1000 + group);
        const points: KillPoint[] = [];
        for (let i = 0; i < suite.killsPerGroup; i++) {
          const point = i === 0 ? CERTAIN_KILL_POINT : drawKillPoint(random, suite.limits);
          points.push(point);
          const r = await runKilledAt(env, [suite.job], point, runEnv);
          if (r.killed && i === 0) certainKilled++;
          if (r.killed) killed++;
          else
            assert.ok(
              r.code === 0 || r.code === 1,
              `run ${describeKillPoint(point)} ended ${r.code ?? r.signal}: ${r.stdout.slice(-1500)}`,
            );
        }
        await suite.beforeRerun?.(env);
        const where = points.map(describeKillPoint).join(', ');
        const rerun = await env.run([suite.job], { env: runEnv });
        assert.is(rerun.code, 0, `rerun after kills ${where}: ${rerun.stdout.slice(-3000)}`);
        const problems = await suite.problems(env);
        assert.equal(
          problems,
          [],
          `after kills ${where}:\n  ${problems.slice(0, 15).join('\n  ')}`,
        );
      }
      console.log(
        `${suite.job} shard ${suite.shard}: ${killed} of ${total} runs killed mid-run (RESILIENCE_SEED=${seed})`,
      );
      // Proof the suite is not vacuous: every group's first kill, at a point every run reaches,
      // landed. How many drawn points land is not asserted: a delay longer than the run, or a
      // request number past its last request, kills nothing, and that depends on the machine's
      // speed (a quarter failed CI by chance once runs got shorter).
      assert.is(
        certainKilled,
        suite.groups,
        `kill points land inside runs (${certainKilled} of ${suite.groups} at ${describeKillPoint(CERTAIN_KILL_POINT)})`,
      );
    });
  });

  test('no secret in any output of this file', () => {
    assert.equal(env.leaks(), []);
  });
}
