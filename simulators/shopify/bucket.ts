/** Shopify's throttle status as reported in `extensions.cost.throttleStatus`. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** A leaky bucket of cost points (per app and shop), refilled continuously at `restoreRate` per second. */
export interface LeakyBucket {
  /** Takes `cost` points when that many are available; false (and nothing taken) otherwise. */
  tryTake(cost: number): boolean;
  /** Gives points back (requested minus actual cost), never above the bucket size. */
  refund(points: number): void;
  status(): ThrottleStatus;
  /** New size and restore rate from now on; what is available is kept, up to the new size. */
  setLimits(size: number, restoreRate: number): void;
}

export function createLeakyBucket(options: {
  size: number;
  restoreRate: number;
  now: () => number;
}): LeakyBucket {
  const { now } = options;
  let { size, restoreRate } = options;
  let available = size;
  let at = now();
  const refill = (): void => {
    const t = now();
    if (t > at) available = Math.min(size, available + ((t - at) / 1000) * restoreRate);
    at = t;
  };
  return {
    tryTake(cost) {
      refill();
      if (cost > available) return false;
      available -= cost;
      return true;
    },
    refund(points) {
      refill();
      available = Math.min(size, available + Math.max(0, points));
    },
    setLimits(newSize, newRate) {
      refill();
      size = newSize;
      restoreRate = newRate;
      available = Math.min(available, size);
    },
    status() {
      refill();
      // Shopify reports whole points.
      return { maximumAvailable: size, currentlyAvailable: Math.floor(available), restoreRate };
    },
  };
}
