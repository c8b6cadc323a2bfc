-- Up Migration

-- The shipments step of sync-orders finds a shipment's order by API X reference when API X names
-- no Shopify id (shipment-store.ts, ORDER_BY_REFERENCE_SQL), once per shipment every run. Without
-- this index each lookup read all of the shop's orders. Partial: orders not yet pushed have no
-- reference and are never looked up this way.
CREATE INDEX orders_by_apix_reference ON orders (shop, apix_reference) WHERE apix_reference IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS orders_by_apix_reference;
