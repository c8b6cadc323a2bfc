-- Up Migration

-- API X shipments and what the shipments step did with them in Shopify (one row per shipment).
-- 'intent' is written BEFORE fulfillmentCreate: a row still in 'intent' after a crash makes the
-- next run look for the fulfilment in Shopify before it writes anything (exactly once in effect).
CREATE TABLE shipments (
  shop             text        NOT NULL,
  shipment_id      text        NOT NULL,
  order_shopify_id text        CHECK (order_shopify_id IS NULL OR order_shopify_id LIKE 'gid://shopify/Order/%'),
  state            text        NOT NULL CHECK (state IN ('intent', 'fulfilled', 'cancelled', 'held', 'left-alone')),
  fulfillment_id   text,
  location_id      text,
  lines            jsonb       NOT NULL,
  tracking         jsonb,
  apix_updated_at  timestamptz NOT NULL,
  intent_at        timestamptz,
  detail           text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, shipment_id),
  CHECK (state <> 'fulfilled' OR fulfillment_id IS NOT NULL),
  CHECK (state <> 'intent' OR intent_at IS NOT NULL)
);
CREATE INDEX shipments_by_order ON shipments (shop, order_shopify_id);
-- The reused-tracking-number check looks numbers up among live shipments.
CREATE INDEX shipments_tracking_numbers ON shipments USING gin ((tracking -> 'numbers'));

-- Record errors may now name a shipment. The allowed list is extended as it stands (another
-- migration may have added entities of its own), not rewritten.
DO $$
DECLARE
  definition text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO definition
    FROM pg_constraint
   WHERE conrelid = 'record_errors'::regclass AND conname = 'record_errors_entity_check';
  IF definition IS NOT NULL AND position('''shipment''' IN definition) = 0 THEN
    ALTER TABLE record_errors DROP CONSTRAINT record_errors_entity_check;
    EXECUTE 'ALTER TABLE record_errors ADD CONSTRAINT record_errors_entity_check '
      || replace(definition, 'ARRAY[', 'ARRAY[''shipment''::text, ');
  END IF;
END $$;

-- Down Migration
DROP TABLE IF EXISTS shipments;
