import { createApixOrderSink } from '../adapters/apix/apix-order-sink.js';
import { createApixShipmentSource } from '../adapters/apix/apix-shipment-source.js';
import { createPgAccessMemo } from '../adapters/postgres/access-memo.js';
import { createPgOrderStore } from '../adapters/postgres/order-store.js';
import { createPgRetention } from '../adapters/postgres/retention.js';
import { createPgShipmentStore } from '../adapters/postgres/shipment-store.js';
import { createPgStockRechecks } from '../adapters/postgres/stock-rechecks.js';
import { createShopifyFulfilments } from '../adapters/shopify/shopify-fulfilments.js';
import { createShopLocations } from '../adapters/shopify/shop-locations.js';
import { createShopifyOrderSource } from '../adapters/shopify/shopify-order-source.js';
import { shopifyTrackingCompany } from '../adapters/shopify/tracking-companies.js';
import { createSyncOrdersPipeline } from '../app/pipeline/sync-orders.js';
import { createSyncShipments } from '../app/usecases/sync-shipments.js';
import type { JobParts } from './job-parts.js';

/**
 * The sync-orders pipeline over the real adapters (loaded only for that job), and its order
 * store: the run's usage reads the backlog from it.
 */
export function wireSyncOrders({ config, logger, pool, shopifyClient, apixHttp }: JobParts) {
  const shop = config.shopify.shop;
  const orderStore = createPgOrderStore(pool, shop);
  const shipmentStore = createPgShipmentStore(pool, shop);
  const pipeline = createSyncOrdersPipeline({
    shop,
    source: createShopifyOrderSource({
      client: shopifyClient,
      logger,
      customerFields: config.orders.customerFields,
    }),
    store: orderStore,
    access: createPgAccessMemo(pool, shop),
    sink: createApixOrderSink(apixHttp),
    retention: { ...createPgRetention(pool), days: config.retentionDays },
    // Opt-in (SHIPMENTS_ENABLED): without it the step is not wired, so no shipments read and no
    // fulfilment mutation, and a store without the fulfilment scope keeps syncing orders.
    ...(config.shipments.enabled
      ? {
          shipments: {
            ...createSyncShipments({
              source: createApixShipmentSource(apixHttp, { pageSize: config.apix.pageSize }),
              cursor: shipmentStore,
              records: shipmentStore,
              orders: shipmentStore,
              shopify: createShopifyFulfilments(shopifyClient),
              stock: createPgStockRechecks(pool, shop),
              knownCompany: shopifyTrackingCompany,
              // A shipment's warehouse places it where INVENTORY_LOCATIONS writes that stock.
              locations: {
                entries: config.inventory.locations,
                shop: createShopLocations(shopifyClient),
              },
            }),
            notifyCustomer: config.shipments.notifyCustomer,
          },
        }
      : {}),
  });
  // Held shipments are reported only where the step runs.
  return { pipeline, orderStore, shipmentStore: config.shipments.enabled ? shipmentStore : null };
}
