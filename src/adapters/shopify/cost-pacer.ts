/**
 * Client-side model of Shopify's leaky bucket of cost points, shared by every request of one
 * client (so concurrent callers pace together). Before a request of cost C is sent, `acquire(C)`
 * waits until the bucket as last reported, plus what it restored since, minus what in-flight
 * requests have reserved, holds C. Waiters are served first come, first served, so a large
 * request is never starved by a stream of small ones.
 */

import { abortableSleep } from '../../infra/abortable-sleep.js';
import { untilAborted } from '../../infra/until-aborted.js';

/** Shopify's `extensions.cost.throttleStatus`. */
export interface ThrottleStatus {
  readonly maximumAvailable: number;
  readonly currentlyAvailable: number;
  readonly restoreRate: number;
}

export interface Reservation {
  /** Shopify answered: adopt its view of the bucket (corrected for other requests in flight). */
  settle(status: ThrottleStatus | null): void;
}

export interface CostPacer {
  acquire(cost: number, signal?: AbortSignal): Promise<Reservation>;
  /** The pacer's current estimate of available points (for tests and logs). */
  available(): number;
}

export interface CostPacerOptions {
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Assumed before Shopify's first answer: the smallest bucket a shop has had (1000 at 50/s). */
  readonly initial?: ThrottleStatus;
}

export function createCostPacer(options: CostPacerOptions = {}): CostPacer {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  let bucket = options.initial ?? {
    maximumAvailable: 1000,
    currentlyAvailable: 1000,
    restoreRate: 50,
  };
  let level = bucket.currentlyAvailable;
  let at = now();
  let reserved = 0;
  // Serialises acquirers (FIFO): each waits for the one before it to get its points.
  let queue: Promise<void> = Promise.resolve();
  // Until Shopify has told us the bucket's real size, one request at a time: a burst sized for
  // the assumed bucket could overrun a smaller real one.
  let known = options.initial !== undefined;
  let learned: () => void = () => undefined;
  const firstAnswer = new Promise<void>((resolve) => (learned = resolve));

  const refill = (): void => {
    const t = now();
    level = Math.min(bucket.maximumAvailable, level + ((t - at) / 1000) * bucket.restoreRate);
    at = t;
  };

  const take = async (cost: number, signal?: AbortSignal): Promise<void> => {
    // A request can never need more than a full bucket (Shopify rejects those as MAX_COST_EXCEEDED).
    const need = Math.min(cost, bucket.maximumAvailable);
    for (;;) {
      signal?.throwIfAborted();
      refill();
      if (level >= need) {
        level -= cost;
        return;
      }
      const waitMs = Math.ceil(((need - level) / bucket.restoreRate) * 1000);
      await sleep(Math.max(1, waitMs), signal);
    }
  };

  return {
    async acquire(cost, signal) {
      const turn = queue.then(async () => {
        if (!known && reserved > 0) await untilAborted(firstAnswer, signal);
        await take(cost, signal);
      });
      // The next acquirer waits for this one whether it succeeded or was aborted.
      queue = turn.catch(() => undefined);
      await turn;
      reserved += cost;
      let settled = false;
      return {
        settle(status) {
          if (settled) return;
          settled = true;
          reserved -= cost;
          if (!known) {
            // Any answer ends the probe (one without cost data cannot teach more by waiting).
            known = true;
            learned();
          }
          if (!status) return;
          bucket = status;
          // Shopify's figure already includes this request; requests still in flight are not
          // in it yet (or are, we cannot tell), so count them against it to stay on the safe side.
          level = status.currentlyAvailable - reserved;
          at = now();
        },
      };
    },
    available() {
      refill();
      return level;
    },
  };
}
