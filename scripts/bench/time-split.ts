/**
 * Where a catalogue run's time went on Shopify's side, from the simulator's own state sampled a
 * few times a second (the service is a separate process and is not asked): time with a bulk
 * operation running (the service only polls, the import sets the pace), and time in which
 * regular mutations were sent while no bulk operation ran (paced by the cost bucket). The rest
 * of the wall time is the service's own work: reading API X, staging, diffing.
 */

export interface SplitSample {
  /** Milliseconds (the simulator's clock). */
  readonly at: number;
  /** A bulk operation (mutation or query) is CREATED or RUNNING. */
  readonly bulkActive: boolean;
  /** When the simulator last executed a mutation (null: none yet). */
  readonly lastMutationAt: number | null;
}

export interface TimeSplit {
  readonly bulkSeconds: number;
  readonly pacedSeconds: number;
}

export const NO_SPLIT: TimeSplit = { bulkSeconds: 0, pacedSeconds: 0 };

/**
 * Adds the interval between two samples: to bulk when an operation ran at either end; else to
 * paced when a mutation was executed inside it. A bulk operation's own mutation starts it, so
 * its interval is bulk time, not pacing. Resolution is the sampling interval.
 */
export function addInterval(split: TimeSplit, from: SplitSample, to: SplitSample): TimeSplit {
  const seconds = Math.max(0, to.at - from.at) / 1000;
  if (from.bulkActive || to.bulkActive)
    return { ...split, bulkSeconds: split.bulkSeconds + seconds };
  const mutated = to.lastMutationAt !== null && to.lastMutationAt !== from.lastMutationAt;
  return mutated ? { ...split, pacedSeconds: split.pacedSeconds + seconds } : split;
}

/** Samples `sample` every `everyMs` until stopped; stop() gives the split so far. */
export function sampleTimeSplit(sample: () => SplitSample, everyMs = 200): { stop(): TimeSplit } {
  let split = NO_SPLIT;
  let previous = sample();
  const timer = setInterval(() => {
    const next = sample();
    split = addInterval(split, previous, next);
    previous = next;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      split = addInterval(split, previous, sample());
      return split;
    },
  };
}
