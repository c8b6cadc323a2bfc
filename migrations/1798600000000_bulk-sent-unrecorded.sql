-- Up Migration

-- Products a bulk file carried whose result was never recorded (the run died between starting the
-- operation and recording it). staged_products.bulk_line remembers them only until the next run
-- resets staging: a run killed after that reset but before it sent them again forgot them, and the
-- run after sent their variants without the GIDs Shopify already gave them ("Value is already
-- taken", every run from then on). resetStaging carries them here; assigning them to a new bulk
-- file hands the memory back to bulk_line.
CREATE TABLE bulk_sent_unrecorded (
  shop         text NOT NULL,
  external_id  text NOT NULL,
  PRIMARY KEY (shop, external_id)
);

-- Down Migration
DROP TABLE IF EXISTS bulk_sent_unrecorded;
