import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lockName } from '../../src/domain/lock-name.js';
import { ofKind, render, type K8sObject } from './helpers/helm.js';

/* The stock CronJob: rendered only for stores that opt in, with its Lease, absent-data rule and
   metrics cleanup following it; real helm. */

const stores = [
  {
    name: 'main',
    shop: 'main.myshopify.com',
    jobs: { syncInventory: { enabled: true } },
    config: { inventoryLocations: 'WH-1=Main warehouse' },
  },
  { name: 'other', shop: 'other.myshopify.com' },
];
const values = {
  stores,
  config: { apixBaseUrl: 'https://apix.example.com', pushgatewayUrl: 'http://pgw:9091' },
  prometheusRule: { enabled: true },
};

const cronJobs = (objects: K8sObject[]) => ofKind(objects, 'CronJob').map((c) => c.metadata.name);
const text = (objects: K8sObject[]) => JSON.stringify(objects);

test('off by default: a release keeps the two CronJobs per store of the original design', () => {
  const objects = render({ values: { ...values, stores: [stores[1]] } });
  assert.equal(cronJobs(objects).sort(), [
    'rel-integration-service-other-sync-orders',
    'rel-integration-service-other-sync-to-shopify',
  ]);
  const all = text(objects);
  assert.not.ok(all.includes(lockName('sync-inventory', 'other.myshopify.com')), 'no Lease');
  assert.not.match(all, /subcommand=\\"sync-inventory\\", shop=/, 'no absent-data rule');
  assert.not.match(all, /subcommand\/sync-inventory/, 'no metrics cleanup');
});

test('a store that opts in gets the stock CronJob every 10 minutes, its Lease, rule and cleanup', () => {
  const objects = render({ values });
  const names = cronJobs(objects);
  assert.ok(names.includes('rel-integration-service-main-sync-inventory'), names.join());
  assert.not.ok(names.includes('rel-integration-service-other-sync-inventory'));
  const cron = ofKind(objects, 'CronJob').find((c) =>
    c.metadata.name.endsWith('main-sync-inventory'),
  ) as unknown as {
    spec: {
      schedule: string;
      jobTemplate: { spec: { template: { spec: { containers: { args: string[] }[] } } } };
    };
  };
  assert.is(cron.spec.schedule, '*/10 * * * *');
  assert.equal(cron.spec.jobTemplate.spec.template.spec.containers[0]?.args, ['sync-inventory']);
  const all = text(objects);
  assert.ok(all.includes(lockName('sync-inventory', 'main.myshopify.com')), 'Lease in the Role');
  assert.not.ok(all.includes(lockName('sync-inventory', 'other.myshopify.com')));
  assert.match(all, /subcommand=\\"sync-inventory\\", shop=\\"main.myshopify.com\\"/);
  assert.not.match(all, /subcommand=\\"sync-inventory\\", shop=\\"other.myshopify.com\\"/);
  assert.match(all, /subcommand\/sync-inventory\/shop\/main.myshopify.com/);
  assert.match(all, /INVENTORY_LOCATIONS/);
});

test('the schedule is settable per store', () => {
  const objects = render({
    values: {
      ...values,
      stores: [
        { ...stores[0], jobs: { syncInventory: { enabled: true, schedule: '*/3 * * * *' } } },
      ],
    },
  });
  const cron = ofKind(objects, 'CronJob').find((c) =>
    c.metadata.name.endsWith('sync-inventory'),
  ) as unknown as { spec: { schedule: string } };
  assert.is(cron.spec.schedule, '*/3 * * * *');
});

test.run();
