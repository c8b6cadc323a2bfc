import type { ShopifyCatalogOptions } from '../../../../src/adapters/shopify/catalog/catalog-options.js';
import { createShopifyCatalogPorts } from '../../../../src/adapters/shopify/catalog/shopify-catalog-ports.js';
import type { SimulatedShop } from './simulated-shop.js';
import { createTestLogger } from './test-logger.js';

export type CatalogPorts = ReturnType<typeof createShopifyCatalogPorts>;

/**
 * The catalogue ports against a simulated shop as the catalogue adapter tests drive them: bulk
 * operations polled every 20 ms, since the simulator finishes them in milliseconds and the
 * production poll (up to a second) would only slow the files down.
 */
export function catalogPortsOf(
  shop: SimulatedShop,
  customId: ShopifyCatalogOptions['customId'],
): CatalogPorts {
  return createShopifyCatalogPorts({
    client: shop.client(),
    logger: createTestLogger(),
    customId,
    pollIntervalMs: 20,
    bulkPolling: { min: 20 },
  });
}
