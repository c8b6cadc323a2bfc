/**
 * Runs `work` over `items` with at most `limit` in flight, stopping early (after the in-flight
 * ones settle) when the signal aborts. The first error thrown by `work` is rethrown; per-item
 * failures that are values are the caller's business.
 */
export async function runConcurrently<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && !signal.aborted) {
      const index = next++;
      if (index >= items.length) return;
      try {
        await work(items[index] as T);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  // Rethrown as caught: work() rejects with Errors (and AbortSignal reasons) only.
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (failure !== null) throw failure;
  signal.throwIfAborted();
}

export interface ClaimedWork<T> {
  /** The next batch to work on; an empty batch means nothing is left. */
  readonly claim: () => Promise<readonly T[]>;
  readonly limit: number;
  readonly signal: AbortSignal;
  /** Asked before each claim: false claims no more (items already claimed still run). */
  readonly keepClaiming?: () => boolean;
  readonly work: (item: T) => Promise<void>;
  /**
   * Asked by a worker that finds nothing left: writes what is still unwritten and says whether
   * anything was, in which case claiming resumes (a written outcome may have made items due
   * again, e.g. an order accepted while a newer version waited) instead of leaving them for the
   * next run. Must return false once nothing new was written, or the run never ends.
   */
  readonly settle?: () => Promise<boolean>;
}

/**
 * Runs `work` over batches handed out by `claim`, with at most `limit` in flight and no barrier
 * between batches: the next batch is asked for while the current one's last items are in flight
 * (as soon as fewer than `limit` wait), so one slow item never holds up the rest of the window.
 * One claim at a time. Errors and aborts surface as in runConcurrently.
 */
export async function runClaimed<T>(options: ClaimedWork<T>): Promise<void> {
  const { claim, limit, signal, work } = options;
  const waiting: T[] = [];
  let claiming: Promise<void> | null = null;
  let exhausted = false;
  let failure: unknown = null;
  const claimMore = async (): Promise<void> => {
    if (options.keepClaiming?.() === false) {
      exhausted = true;
      return;
    }
    const batch = await claim();
    if (batch.length === 0) exhausted = true;
    waiting.push(...batch);
  };
  const refill = (): Promise<void> => {
    // .finally runs after the assignment, so a claim that ends at once still clears it.
    claiming ??= claimMore()
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        claiming = null;
      });
    return claiming;
  };
  const settled = async (): Promise<boolean> => {
    try {
      return (await options.settle?.()) === true;
    } catch (error) {
      failure ??= error;
      return false;
    }
  };
  const worker = async () => {
    while (failure === null && !signal.aborted) {
      if (waiting.length < limit && !exhausted) void refill();
      if (waiting.length === 0) {
        if (exhausted) {
          if (!(await settled())) return;
          exhausted = false;
        }
        await refill();
        continue;
      }
      try {
        await work(waiting.shift() as T);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  // A claim still running when the workers stopped (an abort, a failure) is waited for, so no
  // promise outlives the call. (TypeScript cannot see the closures assign it.)
  await (claiming as Promise<void> | null);
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (failure !== null) throw failure;
  signal.throwIfAborted();
}
