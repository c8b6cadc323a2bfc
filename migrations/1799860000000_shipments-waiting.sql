-- Up Migration

-- A held shipment now says since when it is held (held_since, kept while it stays held; the
-- metrics' oldest hold and its alert), and, when the cause is a Shopify state that passes on its
-- own (the order's fulfillment order ON_HOLD or SCHEDULED), the version to handle again every
-- run (waiting): API X will not send it again once its cursor has moved past it.
ALTER TABLE shipments ADD COLUMN held_since timestamptz, ADD COLUMN waiting jsonb;
-- Shipments already held: their last write is the best start known.
UPDATE shipments SET held_since = updated_at WHERE state = 'held';
ALTER TABLE shipments ADD CONSTRAINT shipments_waiting_check CHECK (waiting IS NULL OR state = 'held');
-- The run's retry reads the waiting ones and its metrics count the held ones: both only ever
-- look at held rows, a few among many settled ones.
CREATE INDEX shipments_held ON shipments (shop, held_since) WHERE state = 'held';

-- Down Migration
DROP INDEX IF EXISTS shipments_held;
ALTER TABLE shipments DROP CONSTRAINT IF EXISTS shipments_waiting_check,
  DROP COLUMN IF EXISTS waiting, DROP COLUMN IF EXISTS held_since;
