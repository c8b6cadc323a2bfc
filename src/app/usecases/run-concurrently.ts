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
  /**
   * The next batch is asked for once fewer than this many items wait to start (default and
   * least: `limit`). More than `limit` hides a slow claim: the items still waiting keep the
   * window full while it runs.
   */
  readonly prefetch?: number;
  readonly signal: AbortSignal;
  /**
   * Asked before each claim: false claims no more (items already claimed still run) and ends the
   * window without calling `settle`, so what settle would have written is left to the caller
   * (push-orders drains its write-behind after runClaimed returns).
   */
  readonly keepClaiming?: () => boolean;
  readonly work: (item: T) => Promise<void>;
  /**
   * Asked when a claim found nothing and no item is in flight: writes what is still unwritten
   * and says whether anything was, in which case claiming resumes (a written outcome may have made items due
   * again, e.g. an order accepted while a newer version waited) instead of leaving them for the
   * next run. Must return false once nothing new was written, or the run never ends. Not called
   * once `keepClaiming` has said false: a caller that stops claiming writes the rest itself.
   */
  readonly settle?: () => Promise<boolean>;
}

/**
 * Runs `work` over batches handed out by `claim`, with at most `limit` in flight and no barrier
 * between batches: the next batch is asked for while the current one's last items are in flight
 * (as soon as fewer than `prefetch` wait), so one slow item never holds up the rest of the window.
 * One claim at a time. When a claim comes back empty and nothing is in flight, `settle` decides
 * whether to claim again; whatever that claim finds runs `limit` at a time again (the window is
 * one dispatcher's, not one loop per worker, so no worker is lost to a lull). Errors and aborts
 * surface as in runConcurrently.
 */
export async function runClaimed<T>(options: ClaimedWork<T>): Promise<void> {
  const { claim, limit, signal, work } = options;
  const width = Math.max(1, limit);
  const low = Math.max(width, options.prefetch ?? 0);
  const waiting: T[] = [];
  const running = new Set<Promise<void>>();
  let claiming: Promise<void> | null = null;
  let exhausted = false;
  let stopped = false;
  let failure: unknown = null;
  const claimMore = async (): Promise<void> => {
    if (options.keepClaiming?.() === false) {
      exhausted = stopped = true;
      return;
    }
    const batch = await claim();
    if (batch.length === 0) exhausted = true;
    waiting.push(...batch);
  };
  const refill = (): Promise<void> =>
    // .finally runs after the assignment, so a claim that ends at once still clears it.
    (claiming ??= claimMore()
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        claiming = null;
      }));
  const start = (item: T): void => {
    // Through an async call, so a work function that throws at once fails like one that rejects.
    const done: Promise<void> = (async () => work(item))()
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => running.delete(done));
    running.add(done);
  };
  const settled = async (): Promise<boolean> => {
    try {
      return (await options.settle?.()) === true;
    } catch (error) {
      failure ??= error;
      return false;
    }
  };
  while (failure === null && !signal.aborted) {
    while (running.size < width && waiting.length > 0) start(waiting.shift() as T);
    if (waiting.length < low && !exhausted) void refill();
    // (TypeScript cannot see the closures assign it.)
    const pending = claiming as Promise<void> | null;
    if (running.size > 0 || pending !== null) {
      // Whichever comes first: a slot frees up, or a claim brings items.
      await Promise.race(pending === null ? running : [...running, pending]);
      continue;
    }
    // Nothing waiting, nothing in flight, the last claim found nothing (or claiming stopped).
    if (stopped || !(await settled())) break;
    exhausted = false;
  }
  // Items in flight and a claim still running when the window stopped (an abort, a failure)
  // are waited for, so no promise outlives the call.
  await Promise.all(running);
  await (claiming as Promise<void> | null);
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (failure !== null) throw failure;
  signal.throwIfAborted();
}
