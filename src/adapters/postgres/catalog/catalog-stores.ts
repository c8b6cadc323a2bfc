import type pg from 'pg';
import { createPgBulkChunks } from './bulk-chunks.js';
import { createPgBulkLedger } from './bulk-ledger.js';
import { createPgCatalogStaging } from './catalog-staging.js';
import { createPgCollectionMappings } from './collection-mappings.js';
import { createPgCollectionMembership } from './collection-membership.js';
import { createPgHandDeletionMarks } from './hand-deletion-marks.js';
import { createPgPriceWrites } from './price-writes.js';
import { createPgProductChanges } from './product-changes.js';
import { createPgProductRecords } from './product-records.js';
import { createPgUnpublishedProducts } from './unpublished-products.js';
import { createPgVariantMappings } from './variant-mappings.js';

/**
 * Every catalogue port of one shop over one pool, as one object: the sync-to-shopify pipeline
 * hands the same `state` to each use case, and each use case's type names only the ports it uses.
 * The ports' method names are distinct, so the spread loses nothing.
 */
export function createPgCatalogStores(pool: pg.Pool, shop: string) {
  return {
    ...createPgCollectionMappings(pool, shop),
    ...createPgCatalogStaging(pool, shop),
    ...createPgProductChanges(pool, shop),
    ...createPgBulkChunks(pool, shop),
    ...createPgProductRecords(pool, shop),
    ...createPgVariantMappings(pool, shop),
    ...createPgPriceWrites(pool, shop),
    ...createPgCollectionMembership(pool, shop),
    ...createPgHandDeletionMarks(pool, shop),
    ...createPgBulkLedger(pool, shop),
    ...createPgUnpublishedProducts(pool, shop),
  };
}
