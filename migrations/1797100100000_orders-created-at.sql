-- Up Migration

-- When the order was created in Shopify, as a column: every sync-orders run (without
-- read_all_orders) and `status` count the open orders created before Shopify's 60-day horizon;
-- read out of the JSON that was a scan of every order. The partial index holds only the open
-- orders (what the count asks for), so it stays small on a store with years of closed orders.
ALTER TABLE orders ADD COLUMN shopify_created_at timestamptz;
UPDATE orders SET shopify_created_at = (normalized->>'createdAt')::timestamptz;
ALTER TABLE orders ALTER COLUMN shopify_created_at SET NOT NULL;
CREATE INDEX orders_open_by_created ON orders (shop, shopify_created_at)
  WHERE push_state NOT IN ('skipped', 'deleted')
    AND normalized->>'cancelledAt' IS NULL
    AND coalesce(normalized->>'financialStatus', '') NOT IN ('REFUNDED', 'VOIDED');

-- Whether the app had read_all_orders when sync-orders last asked Shopify: `status` shows it,
-- and a run that knows the scope is granted skips the count altogether.
CREATE TABLE shop_access (
  shop             text        PRIMARY KEY,
  read_all_orders  boolean     NOT NULL,
  checked_at       timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE IF EXISTS shop_access;
DROP INDEX IF EXISTS orders_open_by_created;
ALTER TABLE orders DROP COLUMN IF EXISTS shopify_created_at;
