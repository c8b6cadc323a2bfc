-- Up Migration
-- RETENTION_DAYS purges (src/adapters/postgres/retention.ts) find old rows by age without a scan.
CREATE INDEX record_errors_by_age ON record_errors (created_at);
CREATE INDEX order_push_attempts_by_age ON order_push_attempts (attempted_at);
CREATE INDEX sync_runs_by_age ON sync_runs (started_at);

-- Down Migration
DROP INDEX IF EXISTS sync_runs_by_age;
DROP INDEX IF EXISTS order_push_attempts_by_age;
DROP INDEX IF EXISTS record_errors_by_age;
