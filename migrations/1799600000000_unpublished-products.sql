-- Up Migration

-- Products written to Shopify and not yet published to the configured publications (Shopify
-- creates products unpublished). A row is written in the same transaction that records the
-- product as written, and deleted once Shopify confirms the publishing: a run that dies in
-- between, or a publishing Shopify refuses, leaves the row for the next run's publish step, so a
-- product is never left unpublished without anyone being told. `line` numbers the rows of the
-- bulk publishablePublish file in flight (its result lines are matched by number).
CREATE TABLE unpublished_products (
  shop         text    NOT NULL,
  external_id  text    NOT NULL,
  product_id   text    NOT NULL,
  line         integer,
  PRIMARY KEY (shop, external_id)
);
CREATE UNIQUE INDEX unpublished_products_line ON unpublished_products (shop, line) WHERE line IS NOT NULL;

-- Down Migration
DROP TABLE IF EXISTS unpublished_products;
