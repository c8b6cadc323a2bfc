-- Up Migration

-- 'died': a run whose record was still 'running' while its holder was gone (SIGKILL, OOM, node
-- loss). The next run of the job and shop, holding the lock, marks it so and reports it.
ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_status_check;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_status_check
  CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted', 'skipped', 'died'));

-- Down Migration
UPDATE sync_runs SET status = 'interrupted' WHERE status = 'died';
ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_status_check;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_status_check
  CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted', 'skipped'));
