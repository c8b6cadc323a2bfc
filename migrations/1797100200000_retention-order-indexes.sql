-- Up Migration

-- The retention purges of orders (src/adapters/postgres/retention.ts) run in every sync-orders
-- run; without these they scanned the whole orders table (every order ever kept) to find the few
-- rows past RETENTION_DAYS. Each index holds only the rows a purge can still act on.
CREATE INDEX orders_raw_by_age ON orders (shopify_updated_at) WHERE raw <> 'null'::jsonb;
CREATE INDEX orders_finished_by_age ON orders (shopify_updated_at)
  WHERE push_state = 'deleted'
     OR (push_state IN ('pushed', 'skipped')
         AND (normalized->>'cancelledAt' IS NOT NULL
              OR coalesce(normalized->>'financialStatus', '') IN ('REFUNDED', 'VOIDED')));
-- A purged run sets run_id NULL on its push attempts (ON DELETE SET NULL): without an index each
-- purged run read every attempt kept.
CREATE INDEX order_push_attempts_by_run ON order_push_attempts (run_id) WHERE run_id IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS order_push_attempts_by_run;
DROP INDEX IF EXISTS orders_finished_by_age;
DROP INDEX IF EXISTS orders_raw_by_age;
