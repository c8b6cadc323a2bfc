-- Up Migration

-- A dry run is recorded as one: status, --json and the failure streak tell it apart, and it never
-- counts as the job's last success.
ALTER TABLE sync_runs ADD COLUMN dry_run boolean NOT NULL DEFAULT false;

-- Down Migration
ALTER TABLE sync_runs DROP COLUMN dry_run;
