import type { Test } from 'uvu';
import { useE2eEnvironment, type E2eEnvironment } from '../../support/e2e-environment.js';

const DAY = 24 * 3600 * 1000;

export interface VariantLimitedShop {
  readonly e2e: E2eEnvironment;
  /** Moves the simulated Shopify's clock to this many days after the start (a new daily budget). */
  setDay(day: number): void;
}

/**
 * 16 API X products of 2 variants against a Shopify simulator enforcing the daily variant creation
 * limit (VARIANT_THROTTLE_EXCEEDED) from the first variant, at 12 new variants a day (the real
 * threshold is a 50,000-variant store), on a clock the test moves forward by whole days; one
 * for the whole test file (useE2eEnvironment).
 */
export function useVariantLimitedShop<C>(test: Test<C>): VariantLimitedShop {
  let days = 0;
  const e2e = useE2eEnvironment(test, {
    apix: { products: 16, categories: 2, variantsPerProduct: [2, 2] },
    shopify: { now: () => Date.now() + days * DAY, variantLimit: { storeVariants: 0, perDay: 12 } },
  });
  return {
    e2e,
    setDay(day) {
      days = day;
    },
  };
}

/** The run summary's product counts (created, deferred, ...), {} when the run wrote none. */
export const productCounts = (r: { summary: Record<string, unknown> | null }) =>
  (r.summary?.['counts'] as Record<string, Record<string, number>> | undefined)?.['product'] ?? {};
