-- Up Migration

-- The prices of the current run that differ from what Shopify last received, found once by one
-- join (staged_prices against the 'variant', 'product' and 'price' mappings) after the product
-- step, then read page by page along the primary key. The join used to run again for every page
-- of every pass (counting, the upload, the results), so the price step grew faster than the
-- catalogue. Rows are replaced whole at the start of each price step.
CREATE TABLE staged_price_changes (
  shop                 text NOT NULL,
  product_external_id  text NOT NULL,
  variant_external_id  text NOT NULL,
  product_id           text NOT NULL,
  variant_id           text NOT NULL,
  amount               text NOT NULL,
  compare_at           text,
  content_hash         text NOT NULL,
  PRIMARY KEY (shop, product_external_id, variant_external_id)
);

-- Down Migration
DROP TABLE IF EXISTS staged_price_changes;
