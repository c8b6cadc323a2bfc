import type { ResilienceEnvironment, RunResult } from './resilience-environment.js';

/** Where a run is SIGKILLed: after a delay, or once the k-th request reached a simulator. */
export type KillPoint =
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'shopify-request'; readonly k: number }
  | { readonly kind: 'apix-request'; readonly k: number };

export const describeKillPoint = (p: KillPoint): string =>
  p.kind === 'delay' ? `after ${p.ms} ms` : `at ${p.kind} #${p.k}`;

const apixTotal = (env: ResilienceEnvironment): number =>
  Object.values(env.e2e.apix.counters()).reduce((n, c) => n + c.requests, 0);

/**
 * Runs the CLI and SIGKILLs it at `point`. Request kill points poll the simulators' counters, so
 * the kill lands just after the k-th request was answered by the simulator, typically before the
 * CLI read the answer: the "work done upstream, not recorded here" case a crash produces.
 */
export function runKilledAt(
  env: ResilienceEnvironment,
  args: readonly string[],
  point: KillPoint,
  extraEnv: Record<string, string> = {},
): Promise<RunResult> {
  const started = Date.now();
  const shopifyBase = env.e2e.shopify.counters().requests;
  const apixBase = apixTotal(env);
  const reached = (): boolean => {
    switch (point.kind) {
      case 'delay':
        return Date.now() - started >= point.ms;
      case 'shopify-request':
        return env.e2e.shopify.counters().requests - shopifyBase >= point.k;
      case 'apix-request':
        return apixTotal(env) - apixBase >= point.k;
    }
  };
  return env.run(args, { env: extraEnv, killWhen: reached });
}

/**
 * The kill point every run reaches, whatever the seed and the machine's speed: each job's first
 * step asks Shopify (sync-inventory its locations, sync-to-shopify its custom-id definitions,
 * sync-orders a page of orders) and has API X and database work left after the answer. The suites
 * open each group with it so their "kills land" check cannot pass or fail by chance; drawn points
 * may fall after a run's end (more so as runs get shorter), and are only reported.
 */
export const CERTAIN_KILL_POINT: KillPoint = { kind: 'shopify-request', k: 1 };

/** A kill point drawn from `random`: a third each of delays, Shopify and API X request counts. */
export function drawKillPoint(
  random: () => number,
  limits: { maxDelayMs: number; maxShopifyRequests: number; maxApixRequests: number },
): KillPoint {
  const r = random();
  const upTo = (max: number) => 1 + Math.floor(random() * max);
  if (r < 1 / 3) return { kind: 'delay', ms: upTo(limits.maxDelayMs) };
  if (r < 2 / 3) return { kind: 'shopify-request', k: upTo(limits.maxShopifyRequests) };
  return { kind: 'apix-request', k: upTo(limits.maxApixRequests) };
}
