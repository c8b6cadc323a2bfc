import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { helmTemplate } from './helpers/helm.js';

/* values.schema.json is enforced by helm itself; each bad value must stop `helm template`. */

const store = { name: 'main', shop: 'acme.myshopify.com' };
const cases: { name: string; values: unknown; error: RegExp }[] = [
  {
    name: 'shop that is not a myshopify domain',
    values: { stores: [{ name: 'main', shop: 'acme.example.com' }] },
    error: /\/stores\/0\/shop/,
  },
  {
    name: 'shop with a scheme',
    values: { stores: [{ name: 'main', shop: 'https://acme.myshopify.com' }] },
    error: /\/stores\/0\/shop/,
  },
  {
    name: 'upper-case shop',
    values: { stores: [{ name: 'main', shop: 'Acme.myshopify.com' }] },
    error: /\/stores\/0\/shop/,
  },
  {
    name: 'store name not a DNS label',
    values: { stores: [{ name: 'Main_Store', shop: 'acme.myshopify.com' }] },
    error: /\/stores\/0\/name/,
  },
  { name: 'no stores', values: { stores: [] }, error: /\/stores/ },
  {
    name: 'cron with four fields',
    values: { jobs: { syncOrders: { schedule: '*/5 * * *' } } },
    error: /\/jobs\/syncOrders\/schedule/,
  },
  {
    name: 'cron in words',
    values: { jobs: { syncToShopify: { schedule: 'every day' } } },
    error: /\/jobs\/syncToShopify\/schedule/,
  },
  {
    name: 'cron with a TZ= prefix',
    values: { jobs: { syncOrders: { schedule: 'TZ=UTC */5 * * * *' } } },
    error: /schedule/,
  },
  {
    name: 'per-store bad cron',
    values: { stores: [{ ...store, jobs: { syncOrders: { schedule: '5 minutes' } } }] },
    error: /\/stores\/0\/jobs\/syncOrders\/schedule/,
  },
  {
    name: 'unknown top-level key',
    values: { replicaCount: 2 },
    error: /additional properties 'replicaCount'/,
  },
  { name: 'unknown config key (typo)', values: { config: { logLevl: 'debug' } }, error: /logLevl/ },
  { name: 'unknown store key', values: { stores: [{ ...store, token: 'x' }] }, error: /token/ },
  {
    name: 'archive status outside the enum',
    values: { config: { syncArchiveStatus: 'DELETED' } },
    error: /syncArchiveStatus/,
  },
  {
    name: 'lock backend outside the enum',
    values: { config: { lockBackend: 'redis' } },
    error: /lockBackend/,
  },
  {
    name: 'ratio above 1',
    values: { config: { syncMaxFailureRatio: 1.5 } },
    error: /syncMaxFailureRatio/,
  },
  {
    name: 'Shopify API version not quarterly',
    values: { config: { shopifyApiVersion: '2026-11' } },
    error: /shopifyApiVersion/,
  },
  {
    name: 'lease shorter than the service allows',
    values: { config: { lockLeaseSeconds: 5 } },
    error: /lockLeaseSeconds/,
  },
  {
    name: 'backoffLimit too high',
    values: { jobs: { syncOrders: { backoffLimit: 50 } } },
    error: /backoffLimit/,
  },
  {
    name: 'root user allowed',
    values: { podSecurityContext: { runAsNonRoot: false, runAsUser: 0 } },
    error: /podSecurityContext/,
  },
  {
    name: 'customer notification not a boolean',
    values: { config: { shipmentsNotifyCustomer: 'sometimes' } },
    error: /shipmentsNotifyCustomer/,
  },
  {
    name: 'shipments switch not a boolean',
    values: { config: { shipmentsEnabled: 'always' } },
    error: /shipmentsEnabled/,
  },
  {
    name: 'image pull policy typo',
    values: { image: { pullPolicy: 'Sometimes' } },
    error: /pullPolicy/,
  },
];

for (const c of cases) {
  test(`schema rejects ${c.name}`, () => {
    const r = helmTemplate({ values: c.values });
    assert.is.not(r.code, 0, `helm accepted ${JSON.stringify(c.values)}`);
    assert.match(r.stderr, /values don't meet the specifications of the schema/);
    assert.match(r.stderr, c.error);
  });
}

test('schema accepts good overrides (so the rejections above are about the bad value)', () => {
  const r = helmTemplate({
    values: {
      stores: [
        {
          ...store,
          config: { syncArchiveStatus: 'DRAFT' },
          jobs: { syncOrders: { schedule: '*/10 6-22 * * MON-FRI' } },
        },
      ],
      config: { syncMaxFailureRatio: 0.5, shopifyApiVersion: 'unstable', lockBackend: 'postgres' },
      jobs: { syncToShopify: { schedule: '@daily' } },
    },
  });
  assert.is(r.code, 0, r.stderr);
});

test.run();
