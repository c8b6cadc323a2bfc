/** THROTTLED answers timed, at most (a benchmark asks when, not about each of millions). */
export const THROTTLED_TIMES_KEPT = 10_000;

/** Counters the simulator keeps (see ShopifySimulator.counters). */
export interface MutableCounters {
  requests: number;
  costSpent: number;
  throttled: number;
  /** When THROTTLED answers were given (ms since epoch); the first THROTTLED_TIMES_KEPT only. */
  throttledAt: number[];
  /** When the points spent since the counters began first reached the bucket size (see below). */
  bucketSpentAt: number | null;
  rootFields: Record<string, number>;
  /** Actual cost by the operation's first root field (benchmarks price each kind of read). */
  rootFieldCost: Record<string, number>;
  mutations: MutationWindow;
}

/** Cost of executed mutations and when the first and last were answered (ms since epoch). */
export interface MutationWindow {
  cost: number;
  firstAt: number | null;
  lastAt: number | null;
}

/** Counters since start or the last `resetCounters()`. */
export interface ShopifyCounters {
  /** GraphQL HTTP requests, including faulted and rejected ones. */
  readonly requests: number;
  /** Sum of actualQueryCost of executed requests. */
  readonly costSpent: number;
  /** THROTTLED answers (bucket empty or forced). */
  readonly throttled: number;
  /** When each THROTTLED answer was given (ms since epoch; the first 10,000). */
  readonly throttledAt: readonly number[];
  /**
   * When the points spent since the counters began first reached the bucket size (null: not
   * yet): the end of the burst a full bucket allows, after which pacing must hold.
   */
  readonly bucketSpentAt: number | null;
  /** Executed root fields by name (e.g. `{ productSet: 12, orders: 3 }`). */
  readonly rootFields: Readonly<Record<string, number>>;
  /** Actual cost by the operation's first root field (e.g. `{ nodes: 410, orders: 12 }`). */
  readonly rootFieldCost: Readonly<Record<string, number>>;
  /** Mutations only: their cost and the span they were sent over (benchmarks' sustained rate). */
  readonly mutations: Readonly<MutationWindow>;
}

export const newCounters = (): MutableCounters => ({
  requests: 0,
  costSpent: 0,
  throttled: 0,
  throttledAt: [],
  bucketSpentAt: null,
  rootFields: {},
  rootFieldCost: {},
  mutations: { cost: 0, firstAt: null, lastAt: null },
});

export const snapshotCounters = (counters: MutableCounters): ShopifyCounters => ({
  ...counters,
  throttledAt: [...counters.throttledAt],
  rootFields: { ...counters.rootFields },
  rootFieldCost: { ...counters.rootFieldCost },
  mutations: { ...counters.mutations },
});

/** In place: the HTTP server and the GraphQL handler hold this same object. */
export const resetCounters = (counters: MutableCounters): void => {
  Object.assign(counters, newCounters());
};
