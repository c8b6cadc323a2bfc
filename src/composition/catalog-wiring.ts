import { createApixCatalogSource } from '../adapters/apix/apix-catalog-source.js';
import { createPgCatalogStores } from '../adapters/postgres/catalog/catalog-stores.js';
import { createPgCustomIdRecord } from '../adapters/postgres/custom-id-record.js';
import { createShopifyCatalogPorts } from '../adapters/shopify/catalog/shopify-catalog-ports.js';
import { openFileRecordSpool } from '../adapters/spool/file-record-spool.js';
import { createSyncToShopifyPipeline } from '../app/pipeline/sync-to-shopify.js';
import { createCustomIdGuard } from '../app/usecases/custom-id-guard.js';
import { withPricesReadEarly } from '../app/usecases/prices-read-early.js';
import { packageVersion } from '../infra/package-root.js';
import type { JobParts } from './job-parts.js';

/** The sync-to-shopify pipeline over the real adapters (loaded only for that job). */
export function wireSyncToShopify({
  config,
  logger,
  pool,
  shopifyClient,
  apixHttp,
  earlyPrices,
}: JobParts) {
  const shop = config.shopify.shop;
  const customId = { namespace: config.shopify.customIdNamespace, key: config.shopify.customIdKey };
  return createSyncToShopifyPipeline({
    source: withPricesReadEarly(
      createApixCatalogSource(apixHttp, { pageSize: config.apix.pageSize }),
      earlyPrices,
    ),
    shopify: createShopifyCatalogPorts({ client: shopifyClient, logger, customId }),
    state: createPgCatalogStores(pool, shop),
    release: packageVersion(),
    openSpool: openFileRecordSpool,
    customIdGuard: createCustomIdGuard(createPgCustomIdRecord(pool, shop), {
      ...customId,
      namespacePinned: config.shopify.customIdNamespacePinned,
    }),
  });
}
