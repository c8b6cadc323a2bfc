import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kubernetesTrigger } from '../../src/cli/run-trigger.js';

const now = new Date('2026-11-30T07:00:30Z');
const minute = Math.floor(now.getTime() / 60_000);
const cron = 'shop-sync-main-sync-orders';

test('kubernetesTrigger: the CronJob controller’s own Job names are the schedule, others manual', () => {
  const rows: [string, string | null, string | null, string][] = [
    ['scheduled this minute', `${cron}-${minute}`, cron, 'schedule'],
    ['scheduled 5 minutes ago (a late start)', `${cron}-${minute - 5}`, cron, 'schedule'],
    ['kubectl create job --from with a name', `${cron}-manual-001`, cron, 'manual'],
    ['a person’s own name', 'rerun-orders', cron, 'manual'],
    ['digits that are no recent minute', `${cron}-1`, cron, 'manual'],
    ['another CronJob’s Job', `shop-sync-main-sync-to-shopify-${minute}`, cron, 'manual'],
    ['no Job name (a bare pod)', null, cron, 'schedule'],
    ['no CronJob name (an older chart)', `${cron}-${minute}`, null, 'schedule'],
  ];
  for (const [name, jobName, cronJobName, expected] of rows)
    assert.is(kubernetesTrigger(jobName, cronJobName, now), expected, name);
});

test.run();
