import type { MutableCounters, MutationWindow } from './graphql-handler.js';

/** Counters since start or the last `resetCounters()`. */
export interface ShopifyCounters {
  /** GraphQL HTTP requests, including faulted and rejected ones. */
  readonly requests: number;
  /** Sum of actualQueryCost of executed requests. */
  readonly costSpent: number;
  /** THROTTLED answers (bucket empty or forced). */
  readonly throttled: number;
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
  rootFields: {},
  rootFieldCost: {},
  mutations: { cost: 0, firstAt: null, lastAt: null },
});

export const snapshotCounters = (counters: MutableCounters): ShopifyCounters => ({
  ...counters,
  rootFields: { ...counters.rootFields },
  rootFieldCost: { ...counters.rootFieldCost },
  mutations: { ...counters.mutations },
});

/** In place: the HTTP server and the GraphQL handler hold this same object. */
export const resetCounters = (counters: MutableCounters): void => {
  Object.assign(counters, newCounters());
};
