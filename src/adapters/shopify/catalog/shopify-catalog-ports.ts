import { DEFAULT_BULK_POLLING, type BulkPolling } from '../bulk/poll.js';
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
 * How the catalogue's bulk operations (product and price imports, the synced-products listing)
 * are polled: the shared policy, its waits capped at 1 s. The run waits on nothing else while an
 * import runs, so each moment it sits done unseen is the run's: under the 5 s cap a 4,500-line
 * price import (9 s at 500 lines/s, bench:catalog delta 30k) was seen done at 12.3 s, 3.3 s late;
 * capped, at most 1 s late. A question reads one object (a point or two of a bucket restoring 100
 * a second). The orders export polls the same way (ORDER_EXPORT_MAX_POLL_MS); Shopify's own CLI
 * watches a bulk operation every 300 ms.
 */
export const CATALOG_BULK_POLLING: BulkPolling = { ...DEFAULT_BULK_POLLING, max: 1000 };

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
    polling: { ...CATALOG_BULK_POLLING, ...options.bulkPolling },
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
