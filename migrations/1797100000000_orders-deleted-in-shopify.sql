-- Up Migration

-- 'deleted': the order was deleted in Shopify (its `destroy` event was read) after it was stored.
-- It is never pushed again; when API X holds a version, a record error says what to do there.
ALTER TABLE orders DROP CONSTRAINT orders_push_state_check;
ALTER TABLE orders ADD CONSTRAINT orders_push_state_check
  CHECK (push_state IN ('pending', 'pushed', 'failed', 'dead', 'skipped', 'deleted'));

-- Down Migration
UPDATE orders SET push_state = 'dead' WHERE push_state = 'deleted';
ALTER TABLE orders DROP CONSTRAINT orders_push_state_check;
ALTER TABLE orders ADD CONSTRAINT orders_push_state_check
  CHECK (push_state IN ('pending', 'pushed', 'failed', 'dead', 'skipped'));
