import { createApixStockSource } from '../adapters/apix/apix-stock-source.js';
import { createPgInventoryState } from '../adapters/postgres/inventory-state.js';
import { createPgStockRechecks } from '../adapters/postgres/stock-rechecks.js';
import { createShopifyLevelsExport } from '../adapters/shopify/inventory-levels-export.js';
import { createShopifyInventory } from '../adapters/shopify/shopify-inventory.js';
import { createSyncInventoryPipeline } from '../app/pipeline/sync-inventory.js';
import type { JobParts } from './job-parts.js';

/** The sync-inventory pipeline over the real adapters (loaded only for that job). */
export function wireSyncInventory({ config, logger, pool, shopifyClient, apixHttp }: JobParts) {
  return createSyncInventoryPipeline({
    source: createApixStockSource(apixHttp, { pageSize: config.apix.pageSize }),
    shopify: createShopifyInventory(shopifyClient),
    levelsExport: createShopifyLevelsExport({ client: shopifyClient, logger }),
    state: createPgInventoryState(pool, config.shopify.shop),
    rechecks: createPgStockRechecks(pool, config.shopify.shop),
  });
}
