-- Up Migration

-- Tombstones of orders Shopify deleted: one row per order whose `destroy` event the deletion
-- check read, stored or not (order-store.ts, markDeleted, in the transaction that moves the
-- check's cursor). A page stored later leaves these orders out: an export captured before the
-- deletion and read by a later run (a crashed run's export adopted or resumed) must not store
-- and push an order whose destroy event is by then behind the check's cursor.
-- deleted_at is the event's time (Shopify's clock), found_at when the check read it (ours).
CREATE TABLE deleted_orders (
  shop text NOT NULL,
  shopify_id text NOT NULL,
  deleted_at timestamptz NOT NULL,
  found_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, shopify_id)
);

-- The retention's purge finds old tombstones by age (retention.ts, PURGES.deletedOrders).
CREATE INDEX deleted_orders_by_age ON deleted_orders (found_at);

-- Down Migration
DROP TABLE IF EXISTS deleted_orders;
