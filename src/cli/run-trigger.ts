import type { RunTrigger } from '../domain/model/sync-run.js';

/** How far from now a Job name's scheduled minute may lie and still be the CronJob's own. */
const SCHEDULED_WITHIN_MINUTES = 2 * 24 * 60;

/**
 * Who started a run inside Kubernetes, from the Job's name. The CronJob controller names its Jobs
 * `<cronjob>-<scheduled time in minutes since the epoch>` (getJobName in kubernetes'
 * pkg/controller/cronjob/utils.go); `kubectl create job --from=cronjob/<cronjob> <name>` takes
 * any name the person gives and marks only the Job (annotation
 * `cronjob.kubernetes.io/instantiate: manual`), which a pod cannot read without API access.
 * So: the CronJob's pattern with a plausible minute is the schedule, any other Job is manual,
 * and without both names we cannot tell and keep the old answer, 'schedule'.
 */
export function kubernetesTrigger(
  jobName: string | null,
  cronJobName: string | null,
  now: Date,
): RunTrigger {
  if (jobName === null || cronJobName === null) return 'schedule';
  const prefix = `${cronJobName}-`;
  if (!jobName.startsWith(prefix)) return 'manual';
  const suffix = jobName.slice(prefix.length);
  if (!/^\d{1,12}$/.test(suffix)) return 'manual';
  const nowMinutes = Math.floor(now.getTime() / 60_000);
  return Math.abs(nowMinutes - Number(suffix)) <= SCHEDULED_WITHIN_MINUTES ? 'schedule' : 'manual';
}
