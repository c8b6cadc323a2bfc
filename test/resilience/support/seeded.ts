import { createRandom } from '../../../simulators/apix/catalog-generator.js';

/**
 * A seed for a scenario's random choices (kill points, fault mixes): RESILIENCE_SEED when set,
 * otherwise fresh each run. Failures carry the seed so `RESILIENCE_SEED=<n> npm test -- resilience`
 * replays the same choices.
 */
export function scenarioSeed(): number {
  const fixed = process.env['RESILIENCE_SEED'];
  return fixed ? Number(fixed) : Math.floor(Math.random() * 2 ** 31);
}

export { createRandom };

/** Runs `body` with a seeded random source; a failure names the seed to replay it. */
export async function withSeed(
  name: string,
  body: (random: () => number, seed: number) => Promise<void>,
): Promise<void> {
  const seed = scenarioSeed();
  try {
    await body(createRandom(seed), seed);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Error)
      error.message = `${name} failed with RESILIENCE_SEED=${seed}: ${message}`;
    console.error(`${name}: replay with RESILIENCE_SEED=${seed}`);
    throw error;
  }
}
