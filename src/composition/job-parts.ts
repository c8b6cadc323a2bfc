import type pg from 'pg';
import type { ApixHttp } from '../adapters/apix/apix-http.js';
import type { PricesReadEarly } from '../app/usecases/prices-read-early.js';
import type { createShopifyGraphqlClient } from '../adapters/shopify/shopify-graphql-client.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../domain/ports/logger.js';

/** What every job's wiring (catalog-, orders-, inventory-wiring.ts) is built from. */
export interface JobParts {
  readonly config: Config;
  readonly logger: Logger;
  readonly pool: pg.Pool;
  readonly shopifyClient: ReturnType<typeof createShopifyGraphqlClient>;
  readonly apixHttp: ApixHttp;
  /** sync-to-shopify's price read, started before the run (composition-root.ts). */
  readonly earlyPrices?: PricesReadEarly;
}
