import { createShopifyGraphqlClient } from '../../../../src/adapters/shopify/shopify-graphql-client.js';
import type {
  ShopifyGraphqlClient,
  ShopifyGraphqlClientOptions,
} from '../../../../src/adapters/shopify/shopify-graphql-client.js';
import { startShopifySimulator } from '../../../../simulators/shopify/index.js';
import type {
  ShopifySimulator,
  ShopifySimulatorOptions,
} from '../../../../simulators/shopify/index.js';
import type { Test } from 'uvu';
import { usePerFile } from '../../../support/per-file.js';
import { createTestLogger } from './test-logger.js';

/** The simulator plus a real client pointed at it over HTTP (SHOPIFY_API_BASE_URL style). */
export interface SimulatedShop {
  readonly sim: ShopifySimulator;
  readonly lines: string[];
  client(overrides?: Partial<ShopifyGraphqlClientOptions>): ShopifyGraphqlClient;
}

export async function startSimulatedShop(
  options: ShopifySimulatorOptions = {},
): Promise<SimulatedShop> {
  const sim = await startShopifySimulator(options);
  const logger = createTestLogger();
  return {
    sim,
    lines: logger.lines,
    client: (overrides = {}) =>
      createShopifyGraphqlClient({
        shop: `${sim.shop}.myshopify.com`,
        accessToken: sim.accessToken,
        apiVersion: sim.apiVersion,
        baseUrl: sim.url,
        logger,
        retryBaseMs: 5,
        retryMaxMs: 50,
        ...overrides,
      }),
  };
}

/** One simulated shop for the whole test file: started in `before`, closed in `after` (usePerFile). */
export function useSimulatedShop<C>(
  test: Test<C>,
  options: ShopifySimulatorOptions = {},
): SimulatedShop {
  return usePerFile(
    test,
    () => startSimulatedShop(options),
    (shop) => shop.sim.close(),
  );
}
