/**
 * Group commit for a step's results: `add` queues one and returns at once; one write at a time
 * takes everything queued since the last one began, so a burst of results costs one write, not
 * one each, and writes never compete for connections. `add` waits only when `maxQueued` results
 * are waiting (back-pressure), and throws once a write has failed, so the producer stops.
 */
export interface WriteBehind<T> {
  add(item: T): Promise<void>;
  /** Waits until everything added is written; throws the first write failure. */
  drain(): Promise<void>;
}

export function createWriteBehind<T>(
  write: (batch: readonly T[]) => Promise<void>,
  maxQueued: number,
): WriteBehind<T> {
  let queued: T[] = [];
  let writing: Promise<void> | null = null;
  let failure: unknown = null;
  const writeAll = async (): Promise<void> => {
    while (queued.length > 0 && failure === null) {
      const batch = queued;
      queued = [];
      await write(batch);
    }
  };
  const start = (): Promise<void> =>
    // .finally runs after the assignment, so a write that ends at once still clears it.
    (writing ??= writeAll()
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        writing = null;
      }));
  const rethrow = (): void => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (failure !== null) throw failure;
  };
  return {
    async add(item) {
      rethrow();
      queued.push(item);
      const pending = start();
      if (queued.length >= maxQueued) await pending;
      rethrow();
    },
    async drain() {
      while (writing !== null || (queued.length > 0 && failure === null)) await start();
      rethrow();
    },
  };
}
