-- Up Migration

-- The products a run writes are the staged ones that keep a draft (`draft IS NOT NULL`):
-- countStaged, changedProducts, the bulk chunks and the unmapped prices pick them by it. Without
-- an index each of those read the whole table, and after a run that wrote many drafts (an
-- initial sync, a large delta) the table keeps their space until autovacuum has been through:
-- ~29 MB at 10k products, 30-100 ms a scan on the bench machine, several scans one after the
-- other at the end of the next run, which found no draft at all. This index holds only the
-- products with a draft, in the order changedProducts pages them: empty when nothing changed.
CREATE INDEX staged_products_drafted ON staged_products (shop, external_id)
  WHERE draft IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS staged_products_drafted;
