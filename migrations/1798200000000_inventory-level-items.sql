-- Up Migration

-- The delta of sync-inventory writes from memory instead of reading Shopify first: the inventory
-- item a level was written to (and the variant it belonged to, so a variant recreated under a new
-- GID is read again, not written to its old item) is kept with the quantity Shopify confirmed.
-- The confirmed quantity is the compare-and-set's expected value; a level Shopify answers as
-- stale is read again. Rows written before this migration have no item: they are read once.
ALTER TABLE inventory_levels
  ADD COLUMN variant_id        text NULL CHECK (variant_id LIKE 'gid://shopify/ProductVariant/%'),
  ADD COLUMN inventory_item_id text NULL CHECK (inventory_item_id LIKE 'gid://shopify/InventoryItem/%');

-- Down Migration
ALTER TABLE inventory_levels DROP COLUMN IF EXISTS inventory_item_id, DROP COLUMN IF EXISTS variant_id;
