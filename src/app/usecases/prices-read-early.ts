import type { Price } from '../../domain/model/catalog.js';
import type { Parsed } from '../../domain/model/record-error.js';
import type { CatalogSource } from '../../domain/ports/catalog-source.js';
import { readAhead } from './read-ahead.js';

/** A price read started before its run, handed over on the first `prices()` call. */
export interface PricesReadEarly {
  /**
   * The first call yields what the early read buffered, then the rest as it comes; ending or
   * breaking that iteration stops the early read (no request outlives its consumer). Later calls
   * read afresh through `open`.
   */
  prices(signal?: AbortSignal): AsyncIterable<Parsed<Price>>;
  /** Ends the early read if nothing took it, and resolves once no request is in flight. */
  stop(): Promise<void>;
}

const NEVER = new AbortController().signal;

/**
 * Prices read from API X ahead of their consumer (the early read below, and stage-catalog.ts's
 * startPricesRead): eight pages of 1,000, ~2 MB, more than API X serves while a run starts and
 * talks to Shopify and syncs categories (~0.5 s at 10k products, a few pages).
 */
export const PRICES_READ_AHEAD = 8000;

/**
 * Starts reading API X's prices now, up to `max` of them buffered, for a run that has not
 * started yet (issue 19: a no-change run waits longest for the price read, and the 0.2-0.3 s a
 * process spends reaching Postgres, checking the schema, taking the lock and recording the run
 * came before its first price request). Reading is harmless: a run that never gets as far as
 * staging (another holds the lock, the schema is not current) stops it without using it.
 */
export function startPricesReadEarly(
  open: (signal: AbortSignal) => AsyncIterable<Parsed<Price>>,
  max: number,
): PricesReadEarly {
  // Stopped through stop() only: the run that adopts the read passes its own signal to prices().
  const ahead = readAhead(open, { max, signal: NEVER });
  let taken = false;
  return {
    prices(signal = NEVER) {
      if (taken) return open(signal);
      taken = true;
      return (async function* () {
        try {
          yield* ahead.items(signal);
        } finally {
          await ahead.stop();
        }
      })();
    },
    stop: () => ahead.stop(),
  };
}

/** `source` with its prices taken from `early` (the composition's, when it started one). */
export function withPricesReadEarly(
  source: CatalogSource,
  early: PricesReadEarly | undefined,
): CatalogSource {
  if (early === undefined) return source;
  return {
    categories: (signal) => source.categories(signal),
    products: (signal) => source.products(signal),
    prices: (signal) => early.prices(signal),
  };
}
