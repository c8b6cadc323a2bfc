import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cronMatches, parseCron, type CronSchedule } from '../../src/domain/cron-schedule.js';
import { ofKind, render, type K8sObject } from './helpers/helm.js';

/* Many stores from one release: the chart moves each store's default schedules by its position
   so no minute of the day starts every store at once. Counted from the rendered cron expressions
   with the project's own parser, minute by minute over one day; real helm. */

const STORES = 200;
const config = { apixBaseUrl: 'https://apix.example.com' };
const manyStores = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `s${i}`, shop: `s${i}.myshopify.com` }));

interface Scheduled {
  readonly store: string;
  readonly job: string;
  readonly cron: CronSchedule;
}

function schedules(objects: readonly K8sObject[]): Scheduled[] {
  return ofKind(objects, 'CronJob').map((c) => {
    const expression = (c['spec'] as { schedule: string }).schedule;
    const parsed = parseCron(expression);
    if (!parsed.ok) throw new Error(`${c.metadata.name}: ${expression}: ${parsed.reason}`);
    return {
      store: c.metadata.labels?.['integration-service/store'] ?? '',
      job: c.metadata.labels?.['app.kubernetes.io/component'] ?? '',
      cron: parsed.value,
    };
  });
}

/** Job starts in each minute of one (UTC) day, optionally of one job only. */
function startsPerMinute(all: readonly Scheduled[], job?: string): number[] {
  const day = Date.UTC(2026, 0, 5);
  const jobs = all.filter((s) => job === undefined || s.job === job);
  return Array.from(
    { length: 1440 },
    (_, m) => jobs.filter((s) => cronMatches(s.cron, new Date(day + m * 60_000))).length,
  );
}

const runsPerDay = (s: Scheduled) => startsPerMinute([s]).reduce((a, b) => a + b, 0);

test('200 stores: no minute starts more than the even spread (40 sync-orders) plus 2 daily runs', () => {
  const all = schedules(render({ values: { stores: manyStores(STORES), config } }));
  assert.is(all.length, STORES * 2);
  // Old chart: 200 sync-orders every 5 minutes and 400 starts at 02:30.
  assert.is(Math.max(...startsPerMinute(all, 'sync-orders')), STORES / 5);
  assert.is(Math.max(...startsPerMinute(all, 'sync-to-shopify')), 2);
  assert.ok(Math.max(...startsPerMinute(all)) <= STORES / 5 + 2);
  // Staggering moves runs, never drops or adds them.
  for (const s of all) assert.is(runsPerDay(s), s.job === 'sync-orders' ? 288 : 1, s.store);
});

test('a few stores: the set number holds for every job and every minute', () => {
  const all = schedules(
    render({
      values: {
        stores: manyStores(10).map((s) => ({ ...s, jobs: { syncInventory: { enabled: true } } })),
        config: { ...config, inventoryLocations: 'WH=Main' },
        scheduling: { maxStartsPerMinute: 2 },
      },
    }),
  );
  for (const job of ['sync-orders', 'sync-inventory', 'sync-to-shopify'])
    assert.ok(Math.max(...startsPerMinute(all, job)) <= 2, job);
});

test('an explicit per-store schedule wins; appending a store moves no other store', () => {
  const stores = manyStores(7);
  const withOverride = [
    ...stores.slice(0, 6),
    { ...stores[6], jobs: { syncOrders: { schedule: '*/7 * * * *' } } },
  ];
  const before = schedules(render({ values: { stores: withOverride, config } }));
  const after = schedules(
    render({
      values: { stores: [...withOverride, { name: 'new', shop: 'new.myshopify.com' }], config },
    }),
  );
  const expr = (list: Scheduled[], store: string, job: string) =>
    list.find((s) => s.store === store && s.job === job)?.cron.expression;
  assert.is(expr(before, 's6', 'sync-orders'), '*/7 * * * *');
  for (const s of before) assert.is(expr(after, s.store, s.job), s.cron.expression, s.store);
});

test('stagger: false keeps the schedules as written', () => {
  const all = schedules(
    render({ values: { stores: manyStores(3), config, scheduling: { stagger: false } } }),
  );
  assert.equal([...new Set(all.map((s) => `${s.job} ${s.cron.expression}`))].sort(), [
    'sync-orders */5 * * * *',
    'sync-to-shopify 30 2 * * *',
  ]);
});

test('every job runs with DATABASE_POOL_MAX 3; a store sets its own; null leaves the service default', () => {
  const objects = render({
    values: {
      // null for every store's sync-orders: no DATABASE_POOL_MAX, the service's default.
      jobs: { syncOrders: { databasePoolMax: null } },
      stores: [
        { name: 'a', shop: 'a.myshopify.com' },
        { name: 'b', shop: 'b.myshopify.com', jobs: { syncToShopify: { databasePoolMax: 2 } } },
        {
          name: 'c',
          shop: 'c.myshopify.com',
          jobs: { syncInventory: { enabled: true } },
        },
      ],
      config,
    },
  });
  const poolMax = (store: string, job: string) => {
    const cron = ofKind(objects, 'CronJob').find(
      (c) =>
        c.metadata.labels?.['integration-service/store'] === store &&
        c.metadata.labels['app.kubernetes.io/component'] === job,
    ) as unknown as {
      spec: {
        jobTemplate: {
          spec: {
            template: { spec: { containers: { env: { name: string; value?: string }[] }[] } };
          };
        };
      };
    };
    return cron.spec.jobTemplate.spec.template.spec.containers[0]?.env.find(
      (e) => e.name === 'DATABASE_POOL_MAX',
    )?.value;
  };
  assert.is(poolMax('a', 'sync-to-shopify'), '3');
  assert.is(poolMax('b', 'sync-to-shopify'), '2');
  assert.is(poolMax('c', 'sync-inventory'), '3');
  assert.is(poolMax('a', 'sync-orders'), undefined);
});

test.run();
