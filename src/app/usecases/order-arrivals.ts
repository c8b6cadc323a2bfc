/**
 * Pages of orders stored by a fetch running beside the push: the pusher reads how many there
 * have been before each claim, and when a claim finds nothing it waits for the next one (or the
 * fetch's end) instead of ending. Only a count and waiters: the orders themselves travel through
 * the outbox, claimed as usual (FOR UPDATE SKIP LOCKED, content-derived keys).
 */
export interface OrderArrivals {
  /** Pages stored so far. */
  readonly stored: number;
  /** True once the fetch has ended, however it ended. */
  readonly ended: boolean;
  /** True when the fetch failed (or was aborted): nothing more should be claimed this run. */
  readonly failed: boolean;
  /** Resolves once more than `seen` pages are stored, or the fetch has ended. */
  after(seen: number): Promise<void>;
}

export interface OrderArrivalsFeed extends OrderArrivals {
  /** A page is stored (and its transaction committed): its orders can be claimed. */
  pageStored(): void;
  /** The fetch ended; `failed` when it threw. Wakes every waiter. */
  end(failed: boolean): void;
}

export function createOrderArrivals(): OrderArrivalsFeed {
  let stored = 0;
  let ended = false;
  let failed = false;
  let wake: (() => void) | null = null;
  let woken: Promise<void> | null = null;
  const ring = (): void => {
    wake?.();
    wake = null;
    woken = null;
  };
  return {
    get stored() {
      return stored;
    },
    get ended() {
      return ended;
    },
    get failed() {
      return failed;
    },
    after(seen) {
      if (ended || stored > seen) return Promise.resolve();
      return (woken ??= new Promise<void>((resolve) => (wake = resolve)));
    },
    pageStored() {
      stored++;
      ring();
    },
    end(asFailed) {
      ended = true;
      failed ||= asFailed;
      ring();
    },
  };
}
