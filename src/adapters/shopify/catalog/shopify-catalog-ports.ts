import { createShopifyBulk } from '../bulk/shopify-bulk.js';
import { createShopifyBulkImports } from './bulk-imports.js';
import type { ShopifyCatalogOptions } from './catalog-options.js';
import { createShopifyCollections } from './collections.js';
import { createShopifyDeletions } from './deletions.js';
import { createShopifyPrices } from './prices.js';
import { createShopifyProducts } from './products.js';
import { createPublications } from './publications.js';
import { createShopSetup } from './shop-setup.js';
import { createVariantLookup } from './variant-lookup.js';

/**
 * Every Shopify port of the catalogue, as one object: the sync-to-shopify pipeline hands the same
 * `shopify` to each use case, and each use case's type names only the ports it uses (as the
 * Postgres side does, catalog-stores.ts). The ports' method names are distinct, so the spread
 * loses nothing. One bulk module serves the imports and the listing: they count against the
 * same per-shop bulk slots.
 */
export function createShopifyCatalogPorts(options: ShopifyCatalogOptions) {
  const bulk = createShopifyBulk({
    client: options.client,
    logger: options.logger,
    fetch: options.fetch,
    polling: options.bulkPolling,
  });
  return {
    ...createShopSetup(options),
    ...createPublications(options, bulk),
    ...createShopifyCollections(options),
    ...createShopifyProducts(options),
    ...createShopifyPrices(options),
    ...createShopifyBulkImports(options, bulk),
    ...createShopifyDeletions(options, bulk),
    ...createVariantLookup(options),
  };
}
