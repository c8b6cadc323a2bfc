import { createSerialQueue } from './serial-queue.js';

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
  // 'stop': once a write fails nothing more is written; the failure is thrown by add and drain.
  const writes = createSerialQueue();
  let queued: T[] = [];
  const writeQueued = (): Promise<void> => {
    const batch = queued;
    queued = [];
    return write(batch);
  };
  return {
    async add(item) {
      writes.throwIfFailed();
      queued.push(item);
      // The first result since a write began queues the next one, which takes all queued by
      // the time it starts (at once when none is in progress).
      if (queued.length === 1) void writes.run(writeQueued);
      if (queued.length >= maxQueued) await writes.drain();
      writes.throwIfFailed();
    },
    drain: () => writes.drain(),
  };
}
