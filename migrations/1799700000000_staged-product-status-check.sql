-- Up Migration

-- Products are staged while API X's prices are still being read (issue 19: the two lists are read
-- at once). A product's status (and so its content hash) depends on whether every variant has a
-- price, known only once the prices are in: such a row keeps its variant ids and the status its
-- remembered hash was computed for (NULL: no hash yet, a draft is needed), and one statement
-- after the price read finds the rows whose status turned out different. NULL variant_ids: the
-- row was staged with every price known (or held back); nothing to check.
ALTER TABLE staged_products ADD COLUMN variant_ids text[];
ALTER TABLE staged_products ADD COLUMN assumed_status text;

-- Down Migration
ALTER TABLE staged_products DROP COLUMN IF EXISTS assumed_status;
ALTER TABLE staged_products DROP COLUMN IF EXISTS variant_ids;
