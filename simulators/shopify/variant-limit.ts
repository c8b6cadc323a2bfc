import { GraphQLError } from 'graphql';
import type { ProductSetInput } from './product-set.js';

/**
 * Shopify's daily variant creation limit. shopify.dev, productCreate / "resource-based rate
 * limits": once a store has 50,000 variants, a store that is not on Plus may create at most
 * 1,000 new variants a day. Public reports show the answer as a top-level error with
 * `extensions.code = "VARIANT_THROTTLE_EXCEEDED"`, HTTP 200 and no data. Whether productSet and
 * bulk lines are covered is not documented: the stricter reading, they are (every productSet,
 * through the API or a bulk line, goes through this check).
 */
export interface VariantLimitSettings {
  /** Variants in the store from which the daily limit applies. Default 50,000. */
  readonly storeVariants: number;
  /** New variants allowed per UTC day past that size. Default 1,000. */
  readonly perDay: number;
}

export const DEFAULT_VARIANT_LIMIT: VariantLimitSettings = { storeVariants: 50_000, perDay: 1_000 };

export interface VariantLimit {
  /**
   * Throws Shopify's VARIANT_THROTTLE_EXCEEDED when this input would create too many today;
   * returns how many variants it creates. `exempt`: a Plus store (checked, never refused).
   */
  check(
    input: ProductSetInput,
    productExists: boolean,
    storeVariants: number,
    now: number,
    exempt: boolean,
  ): number;
  /** Counts the variants a successful write created. */
  created(count: number, now: number): void;
}

export function createVariantLimit(settings: VariantLimitSettings): VariantLimit {
  let day = '';
  let today = 0;
  const dayOf = (now: number) => new Date(now).toISOString().slice(0, 10);
  const roll = (now: number) => {
    if (dayOf(now) !== day) {
      day = dayOf(now);
      today = 0;
    }
  };
  return {
    check(input, productExists, storeVariants, now, exempt) {
      roll(now);
      // A variant without an id is a new one; a new product without variants gets one.
      const fresh = input.variants
        ? input.variants.filter((v) => !v.id).length
        : productExists
          ? 0
          : 1;
      if (
        !exempt &&
        storeVariants >= settings.storeVariants &&
        fresh > 0 &&
        today + fresh > settings.perDay
      )
        throw new GraphQLError('Daily variant creation limit reached. Please try again later.', {
          extensions: { code: 'VARIANT_THROTTLE_EXCEEDED' },
        });
      return fresh;
    },
    created(count, now) {
      roll(now);
      today += count;
    },
  };
}
