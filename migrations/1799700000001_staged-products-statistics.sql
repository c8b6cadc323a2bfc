-- Up Migration

-- Every sync-to-shopify run rewrites staged_products and ANALYZEs it (product-changes.ts,
-- countStaged) so that the planner sees its real size. These array and text columns are only
-- unnested or read back, never filtered or joined on: statistics of them are never used, and
-- their element statistics were most of the ANALYZE (100k staged products: 270-290 ms with them,
-- 130-140 ms without). Columns that are filtered on (draft, bulk_line, held_back, content_hash)
-- keep theirs.
ALTER TABLE staged_products
  ALTER COLUMN variant_ids SET STATISTICS 0,
  ALTER COLUMN category_ids SET STATISTICS 0,
  ALTER COLUMN assumed_status SET STATISTICS 0;

-- Down Migration
ALTER TABLE staged_products
  ALTER COLUMN variant_ids SET STATISTICS -1,
  ALTER COLUMN category_ids SET STATISTICS -1,
  ALTER COLUMN assumed_status SET STATISTICS -1;
