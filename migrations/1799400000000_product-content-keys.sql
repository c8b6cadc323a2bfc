-- Up Migration

-- A product's content hash remembered with the key it was computed under (its parsed record's
-- digest, the status it is sent with and the release): a later run that finds the same key uses
-- the hash without drafting and hashing the product again, most of a no-change run's own CPU.
-- Kept across runs (staging is cleared each run); one row per product API X has served.
CREATE TABLE product_content_keys (
  shop          text NOT NULL,
  external_id   text NOT NULL,
  record_key    text NOT NULL,
  content_hash  text NOT NULL,
  PRIMARY KEY (shop, external_id)
);

-- Down Migration
DROP TABLE IF EXISTS product_content_keys;
