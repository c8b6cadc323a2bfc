-- Up Migration

-- The retention purge of shipments (src/adapters/postgres/retention.ts) runs in every sync-orders
-- run: its candidates come from this index, which holds only the rows it may ever act on (never
-- a shipment in 'intent': its fulfilment may exist in Shopify without our record of it).
CREATE INDEX shipments_settled_by_age ON shipments (updated_at) WHERE state <> 'intent';

-- Down Migration
DROP INDEX IF EXISTS shipments_settled_by_age;
