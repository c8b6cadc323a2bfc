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
