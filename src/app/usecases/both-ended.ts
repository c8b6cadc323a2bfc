import type { StepContext } from './step-context.js';

/**
 * Runs `steps` at once with a context of their own: the first to fail aborts the others' signal,
 * and the step fails (with that first error) only once all have ended, so nothing still writes
 * after the run is over.
 */
export async function bothEnded<A, B>(
  ctx: StepContext,
  steps: [(ctx: StepContext) => Promise<A>, (ctx: StepContext) => Promise<B>],
): Promise<[A, B]> {
  const stop = new AbortController();
  const both = { ...ctx, signal: AbortSignal.any([ctx.signal, stop.signal]) };
  let failure: { error: unknown } | null = null;
  const stopOnFailure = <T>(run: Promise<T>): Promise<T> =>
    run.catch((error: unknown) => {
      failure ??= { error };
      stop.abort(error);
      throw error;
    });
  const [a, b] = await Promise.allSettled([
    stopOnFailure(steps[0](both)),
    stopOnFailure(steps[1](both)),
  ]);
  if (a.status === 'rejected' || b.status === 'rejected')
    throw (failure as { error: unknown } | null)?.error;
  return [a.value, b.value];
}
