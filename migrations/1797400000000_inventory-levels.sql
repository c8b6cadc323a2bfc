-- Up Migration

-- sync-inventory (API X stock -> Shopify on hand) is a third job, and its held-back records are
-- stock levels. Both allowed lists are extended as they stand (other migrations may have added
-- values of their own), not rewritten.
DO $$
DECLARE
  definition text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO definition
    FROM pg_constraint
   WHERE conrelid = 'sync_runs'::regclass AND conname = 'sync_runs_job_check';
  IF definition IS NOT NULL AND position('''sync-inventory''' IN definition) = 0 THEN
    ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_job_check;
    EXECUTE 'ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_job_check '
      || replace(definition, 'ARRAY[', 'ARRAY[''sync-inventory''::text, ');
  END IF;
  SELECT pg_get_constraintdef(oid) INTO definition
    FROM pg_constraint
   WHERE conrelid = 'record_errors'::regclass AND conname = 'record_errors_entity_check';
  IF definition IS NOT NULL AND position('''stock''' IN definition) = 0 THEN
    ALTER TABLE record_errors DROP CONSTRAINT record_errors_entity_check;
    EXECUTE 'ALTER TABLE record_errors ADD CONSTRAINT record_errors_entity_check '
      || replace(definition, 'ARRAY[', 'ARRAY[''stock''::text, ');
  END IF;
END $$;

-- What Shopify confirmed it holds as on hand for one variant in one warehouse's location (the
-- last write that succeeded): a level whose API X quantity equals it is not sent again. The
-- row is written only after Shopify accepted the write, so a crash in between re-sends it, and
-- the compare-and-set of that re-send sees Shopify already holds it.
CREATE TABLE inventory_levels (
  shop                 text        NOT NULL,
  variant_external_id  text        NOT NULL CHECK (variant_external_id <> ''),
  warehouse_id         text        NOT NULL CHECK (warehouse_id <> ''),
  location_id          text        NOT NULL CHECK (location_id LIKE 'gid://shopify/Location/%'),
  on_hand              integer     NOT NULL CHECK (on_hand >= 0),
  source_updated_at    timestamptz NOT NULL,
  synced_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, variant_external_id, warehouse_id)
);

-- Down Migration
DROP TABLE IF EXISTS inventory_levels;
DELETE FROM record_errors WHERE entity = 'stock';
DELETE FROM sync_runs WHERE job = 'sync-inventory';
DO $$
DECLARE
  definition text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO definition
    FROM pg_constraint
   WHERE conrelid = 'sync_runs'::regclass AND conname = 'sync_runs_job_check';
  IF definition IS NOT NULL THEN
    ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_job_check;
    EXECUTE 'ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_job_check '
      || replace(definition, '''sync-inventory''::text, ', '');
  END IF;
  SELECT pg_get_constraintdef(oid) INTO definition
    FROM pg_constraint
   WHERE conrelid = 'record_errors'::regclass AND conname = 'record_errors_entity_check';
  IF definition IS NOT NULL THEN
    ALTER TABLE record_errors DROP CONSTRAINT record_errors_entity_check;
    EXECUTE 'ALTER TABLE record_errors ADD CONSTRAINT record_errors_entity_check '
      || replace(definition, '''stock''::text, ', '');
  END IF;
END $$;
