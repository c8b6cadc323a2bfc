/**
 * Runs submitted tasks one at a time, in the order submitted: the one ordering mechanism under
 * stage-catalog's ordered writer, write-behind's group commit and sync-orders' store turns.
 *
 * A task submitted to an idle queue starts at once (in the caller's turn, as an unqueued call
 * would): write-behind relies on it, its first write takes what was added before `add` returns.
 */
export interface SerialQueue {
  /**
   * Runs `task` once every task submitted before it has settled, and settles as it does. With
   * `afterFailure: 'stop'` a task submitted after a failure never runs: it rejects with the first
   * failure. The promise may be ignored: a failure is kept for `drain`, never left unhandled.
   */
  run<R>(task: () => Promise<R>): Promise<R>;
  /**
   * Resolves once every task submitted so far, and any submitted meanwhile, has settled. With
   * `afterFailure: 'stop'` it then throws the first failure (every time, once there was one).
   */
  drain(): Promise<void>;
  /** With `afterFailure: 'stop'`, throws the first failure if a task has failed; else nothing. */
  throwIfFailed(): void;
}

export interface SerialQueueOptions {
  /**
   * 'stop' (the default): the first failure stops the queue (the tasks after it never run) and is
   * thrown by `drain`, `throwIfFailed` and every later `run`. For work that must not go on past a
   * failed step: an ordered write landing after a failed one would be out of order.
   * 'continue': a failure is its own task's (only its promise rejects); the next task runs as if
   * it had succeeded, and `drain` never throws. For turns between independent callers, each
   * awaiting its own task (sync-orders' store: a failed page store is the fetch's error, and must
   * not fail the deletion check's marking queued behind it, nor the other way round).
   */
  readonly afterFailure?: 'stop' | 'continue';
}

export function createSerialQueue(options: SerialQueueOptions = {}): SerialQueue {
  const stop = (options.afterFailure ?? 'stop') === 'stop';
  // Settles once the last task submitted has settled (and its failure is recorded); never rejects.
  let tail: Promise<void> = Promise.resolve();
  let unsettled = 0;
  let failure: { readonly error: unknown } | null = null;
  const throwIfFailed = (): void => {
    if (stop && failure !== null) throw failure.error;
  };
  // Async, so a task that throws at once rejects like one that fails later; the body still runs
  // in the caller's turn.
  const start = async <R>(task: () => Promise<R>): Promise<R> => {
    throwIfFailed();
    return task();
  };
  return {
    run(task) {
      const done = unsettled === 0 ? start(task) : tail.then(() => start(task));
      unsettled++;
      tail = done.then(
        () => {
          unsettled--;
        },
        (error: unknown) => {
          failure ??= { error };
          unsettled--;
        },
      );
      return done;
    },
    async drain() {
      let seen: Promise<void>;
      do {
        seen = tail;
        await seen;
      } while (seen !== tail);
      throwIfFailed();
    },
    throwIfFailed,
  };
}
