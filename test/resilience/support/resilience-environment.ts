import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'uvu';
import { usePerFile } from '../../support/per-file.js';
import { startE2eEnvironment, type E2eEnvironment } from '../../support/e2e-environment.js';
import type { CliResult } from '../../../scripts/support/run-cli.js';
import { createCapturedOutput, secretsOf, type CapturedOutput } from './captured-output.js';
import { compiledCli, runCli, summaryOf } from '../../../scripts/support/run-cli.js';

export type ResilienceOptions = Parameters<typeof startE2eEnvironment>[0];

export interface RunOptions {
  /** Extra environment for this run (overrides the environment's). */
  readonly env?: Record<string, string>;
  /** Polled every few milliseconds while the CLI runs; when true, the CLI gets SIGKILL. */
  readonly killWhen?: () => boolean;
  readonly timeoutMs?: number;
}

export interface RunResult extends CliResult {
  readonly summary: Record<string, unknown> | null;
  /** True when killWhen fired (the process may still have finished first). */
  readonly killed: boolean;
}

/**
 * The e2e environment (both simulators over HTTP, a real database) plus what every resilience
 * scenario needs: runs that can be SIGKILLed at a chosen point, every output captured for the
 * secret scan, and the outbox helpers that let later runs drain what earlier ones left behind.
 */
export interface ResilienceEnvironment {
  readonly e2e: E2eEnvironment;
  readonly output: CapturedOutput;
  run(args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Lets back-off time pass: every waiting order is due now. */
  makeOrdersDue(): Promise<void>;
  /** Labels of captured outputs holding a secret of this environment. */
  leaks(): string[];
  close(): Promise<void>;
}

const POLL_MS = 3;

export async function startResilienceEnvironment(
  options: ResilienceOptions = {},
): Promise<ResilienceEnvironment> {
  const [e2e] = await Promise.all([startE2eEnvironment(options), compiledCli()]);
  const output = createCapturedOutput();
  let runs = 0;
  return {
    e2e,
    output,
    async run(args, runOptions = {}) {
      const env = { ...e2e.env, ...runOptions.env };
      const started = Date.now();
      let pid: number | null = null;
      let killed = false;
      let finished = false;
      const watcher = runOptions.killWhen
        ? (async () => {
            const killWhen = runOptions.killWhen;
            while (!finished && killWhen) {
              if (pid !== null && killWhen()) {
                killed = true;
                try {
                  process.kill(pid, 'SIGKILL');
                } catch {
                  // Already gone: the run finished before the kill point.
                }
                return;
              }
              await sleep(POLL_MS);
            }
          })()
        : Promise.resolve();
      const result = await runCli(args, env, {
        timeoutMs: runOptions.timeoutMs ?? 90_000,
        onSpawn: (p) => (pid = p),
      }).finally(() => (finished = true));
      await watcher;
      if (process.env['RESILIENCE_VERBOSE'])
        console.error(
          `run ${runs + 1} ${args.join(' ')}: exit ${result.code ?? result.signal} in ${Date.now() - started} ms`,
        );
      output.add(`run ${++runs}: ${args.join(' ')}`, result);
      return {
        ...result,
        summary: summaryOf(result.stdout),
        killed: killed && result.signal === 'SIGKILL',
      };
    },
    async makeOrdersDue() {
      await e2e.db.pool.query(
        `UPDATE orders SET next_attempt_at = now() WHERE push_state IN ('pending', 'failed')`,
      );
    },
    leaks: () => output.leaks(secretsOf(e2e.env)),
    close: () => e2e.close(),
  };
}

/** One resilience environment for the whole test file: started in `before`, closed in `after`. */
export function useResilienceEnvironment<C>(
  test: Test<C>,
  options: ResilienceOptions = {},
): ResilienceEnvironment {
  return usePerFile(
    test,
    () => startResilienceEnvironment(options),
    (env) => env.close(),
  );
}
