-- Up Migration

-- A stock level to check again (domain/ports/stock-rechecks.ts): the shipment step of sync-orders
-- created or cancelled a fulfilment there, so Shopify's on hand moved without the stock sync's
-- memory knowing. The next sync-inventory run reads the level in Shopify and API X again, sets
-- it, and clears the mark it read: a mark made meanwhile (a later time) stays.
ALTER TABLE inventory_levels ADD COLUMN recheck_marked_at timestamptz NULL;
-- The shipment step marks by variant GID and location, once per fulfilment.
CREATE INDEX inventory_levels_by_variant ON inventory_levels (shop, variant_id);
-- Every stock run looks for marks: a few rows among hundreds of thousands.
CREATE INDEX inventory_levels_rechecks ON inventory_levels (shop) WHERE recheck_marked_at IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS inventory_levels_rechecks;
DROP INDEX IF EXISTS inventory_levels_by_variant;
ALTER TABLE inventory_levels DROP COLUMN IF EXISTS recheck_marked_at;
