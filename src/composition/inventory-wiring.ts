import { createApixStockSource } from '../adapters/apix/apix-stock-source.js';
import { createPgInventoryState } from '../adapters/postgres/inventory-state.js';
import { createPgStockRechecks } from '../adapters/postgres/stock-rechecks.js';
import { createShopifyLevelsExport } from '../adapters/shopify/inventory-levels-export.js';
import { createShopifyInventory } from '../adapters/shopify/shopify-inventory.js';
import { createSyncInventoryPipeline } from '../app/pipeline/sync-inventory.js';
import type { JobParts } from './job-parts.js';

/**
 * The sync-inventory pipeline over the real adapters (loaded only for that job), and the recheck
 * marks: the run's usage reads those left after it.
 */
export function wireSyncInventory({ config, logger, pool, shopifyClient, apixHttp }: JobParts) {
  const rechecks = createPgStockRechecks(pool, config.shopify.shop);
  const pipeline = createSyncInventoryPipeline({
    source: createApixStockSource(apixHttp, { pageSize: config.apix.pageSize }),
    shopify: createShopifyInventory(shopifyClient),
    levelsExport: createShopifyLevelsExport({ client: shopifyClient, logger }),
    state: createPgInventoryState(pool, config.shopify.shop),
    rechecks,
  });
  return { pipeline, rechecks };
}
