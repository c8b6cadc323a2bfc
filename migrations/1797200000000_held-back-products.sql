-- Up Migration
-- A staged product held back before any write (Shopify already has a product with its SKUs that
-- this service did not make, see src/app/usecases/existing-products.ts): its draft stays staged,
-- so its prices are not reported as orphans, but it is neither written nor counted as a write.
ALTER TABLE staged_products ADD COLUMN held_back boolean NOT NULL DEFAULT false;

-- Down Migration
ALTER TABLE staged_products DROP COLUMN IF EXISTS held_back;
