-- Up Migration

-- Every sync-orders run compares Shopify's summary of the overlap window (ordersCount and the
-- newest updatedAt) with the stored orders changed in that window (order-store.ts,
-- STORED_WINDOW_SQL). Without this index that count read all of the shop's orders every five
-- minutes, a few minutes' worth wanted out of millions of rows on a busy store. The predicate is
-- the query's, word for word, so the planner can use it.
CREATE INDEX orders_by_updated ON orders (shop, shopify_updated_at) WHERE push_state <> 'deleted';

-- Down Migration
DROP INDEX IF EXISTS orders_by_updated;
