import {
  startSimulatedShop,
  type SimulatedShop,
} from '../adapters/shopify/support/simulated-shop.js';
import type { Test } from 'uvu';
import type { ShopifySimulatorOptions } from '../../simulators/shopify/index.js';
import { usePerFile } from './per-file.js';

const WINDOW_START = Date.parse('2026-11-20T00:00:00Z');

/** `minutes` after one fixed start, as ISO text: seeds and cursors read as one timeline. */
export const at = (minutes: number): string =>
  new Date(WINDOW_START + minutes * 60_000).toISOString();

/**
 * A simulated shop that keeps its books in EUR and also sells in USD, so an order's presentment
 * amounts differ from its shop amounts and a parser that mixes the two up is caught.
 */
export function startOrderShop(options: ShopifySimulatorOptions = {}): Promise<SimulatedShop> {
  return startSimulatedShop({
    currencyCode: 'EUR',
    enabledPresentmentCurrencies: ['EUR', 'USD'],
    ...options,
  });
}

/** startOrderShop for the whole test file: started in `before`, closed in `after` (usePerFile). */
export function useOrderShop<C>(
  test: Test<C>,
  options: ShopifySimulatorOptions = {},
): SimulatedShop {
  return usePerFile(
    test,
    () => startOrderShop(options),
    (shop) => shop.sim.close(),
  );
}

/** Reads a source to its end, so a test can assert on all its pages at once. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
