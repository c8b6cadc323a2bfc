import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig, publicationNames } from '../../src/config/load-config.js';
import { configProblems, VALID_ENV } from '../support/config-env.js';

const valid = VALID_ENV;
const problemsOf = configProblems;

test('a complete environment gives a frozen config with defaults', () => {
  const config = loadConfig(valid, 'jobs');
  assert.is(config.shopify.apiVersion, '2026-10');
  assert.is(config.lock.backend, 'postgres');
  assert.is(config.lock.leaseSeconds, 60);
  assert.is(config.orders.backfillDays, 7);
  assert.is(config.catalog.archiveStatus, 'ARCHIVED');
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.shopify));
  assert.ok(config.secrets.includes('s3cret-pass'));
  assert.ok(config.secrets.includes(valid.SHOPIFY_ACCESS_TOKEN));
});

test('table: SHOPIFY_PUBLISH_TO names publications, or opts out with none', () => {
  assert.equal(loadConfig(valid, 'jobs').shopify.publishTo, ['Online Store']);
  const rows: [string, string[]][] = [
    ['Online Store', ['Online Store']],
    [' Online Store , Point of Sale,,Online Store ', ['Online Store', 'Point of Sale']],
    ['none', []],
    [' NONE ', []],
    ['', []],
  ];
  for (const [setting, expected] of rows)
    assert.equal(publicationNames(setting), expected, JSON.stringify(setting));
});

test('SHOPIFY_CUSTOM_ID_NAMESPACE: app-owned by default; a set value is kept and marked pinned', () => {
  const shopify = loadConfig(valid, 'jobs').shopify;
  assert.is(shopify.customIdNamespace, '$app:integration_service');
  assert.is(shopify.customIdKey, 'external_id');
  assert.is(shopify.customIdNamespacePinned, false);
  const pinned = loadConfig(
    { ...valid, SHOPIFY_CUSTOM_ID_NAMESPACE: 'integration_service' },
    'jobs',
  );
  assert.is(pinned.shopify.customIdNamespace, 'integration_service');
  assert.is(pinned.shopify.customIdNamespacePinned, true);
});

test('SHOPIFY_EXISTING_PRODUCTS: refuse by default, adopt on request, nothing else', () => {
  assert.is(loadConfig(valid, 'jobs').shopify.existingProducts, 'refuse');
  const adopt = { ...valid, SHOPIFY_EXISTING_PRODUCTS: 'adopt' };
  assert.is(loadConfig(adopt, 'jobs').shopify.existingProducts, 'adopt');
  assert.ok(
    problemsOf({ ...valid, SHOPIFY_EXISTING_PRODUCTS: 'merge' }).some((p) =>
      /SHOPIFY_EXISTING_PRODUCTS="merge" must be one of: refuse, adopt/.test(p),
    ),
  );
});

test("Shopify's daily variant limit: documented numbers by default, settable", () => {
  assert.equal(loadConfig(valid, 'jobs').catalog.variantLimit, {
    threshold: 50_000,
    perDay: 1_000,
  });
  const set = {
    ...valid,
    SHOPIFY_VARIANT_LIMIT_THRESHOLD: '0',
    SHOPIFY_VARIANT_LIMIT_PER_DAY: '12',
  };
  assert.equal(loadConfig(set, 'jobs').catalog.variantLimit, { threshold: 0, perDay: 12 });
});

test('every problem is reported at once', () => {
  const problems = problemsOf({
    SHOPIFY_SHOP: 'my-store.example.com',
    APIX_BASE_URL: 'ftp://erp',
    LOCK_BACKEND: 'zookeeper',
    ORDERS_BACKFILL_DAYS: 'seven',
    SYNC_MAX_ARCHIVE_RATIO: '1.5',
  });
  const expected = [
    /SHOPIFY_SHOP="my-store.example.com" is malformed/,
    /SHOPIFY_ACCESS_TOKEN is required/,
    /APIX_BASE_URL must use http or https/,
    /APIX_TOKEN is required/,
    /LOCK_BACKEND="zookeeper" must be one of: auto, kubernetes, postgres/,
    /ORDERS_BACKFILL_DAYS="seven" must be a whole number/,
    /SYNC_MAX_ARCHIVE_RATIO="1.5" must be a number from 0 to 1/,
  ];
  for (const re of expected)
    assert.ok(
      problems.some((p) => re.test(p)),
      `${re} in ${problems.join(' | ')}`,
    );
  assert.is(problems.length, expected.length);
});

test('secret values are never echoed in problems', () => {
  const problems = problemsOf({ ...valid, DATABASE_URL: 'mysql://app:s3cret-pass@db/x' });
  assert.is(problems.length, 1);
  assert.match(problems[0] ?? '', /DATABASE_URL must use postgres or postgresql/);
  const broken = problemsOf({ ...valid, DATABASE_URL: 'not a url s3cret-pass' });
  assert.match(broken[0] ?? '', /DATABASE_URL \(value not shown\) is not a valid URL/);
  for (const p of [...problems, ...broken]) assert.not.match(p, /s3cret-pass/);
});

test('inside Kubernetes DATABASE_URL is required and the lock defaults to a Lease', () => {
  const { DATABASE_URL: _omit, ...rest } = valid;
  const problems = problemsOf({ ...rest, KUBERNETES_SERVICE_HOST: '10.0.0.1' });
  assert.equal(problems, [
    'DATABASE_URL is required inside Kubernetes (the embedded PostgreSQL is for local runs only)',
  ]);
  const config = loadConfig(
    { ...valid, KUBERNETES_SERVICE_HOST: '10.0.0.1', POD_NAME: 'sync-orders-abc' },
    'jobs',
  );
  assert.is(config.lock.backend, 'kubernetes');
  assert.is(config.lock.identity, 'sync-orders-abc');
});

test('outside Kubernetes a missing DATABASE_URL means the embedded PostgreSQL', () => {
  const { DATABASE_URL: _omit, ...rest } = valid;
  assert.is(loadConfig(rest, 'jobs').database.url, null);
});

test('the database scope needs no Shopify or API X settings', () => {
  assert.equal(problemsOf({ DATABASE_URL: valid.DATABASE_URL }, 'database'), []);
});

test('table: tuning knobs parse and bound', () => {
  const rows: [Record<string, string>, (c: ReturnType<typeof loadConfig>) => unknown, unknown][] = [
    [{ SYNC_ARCHIVE_STATUS: 'draft' }, (c) => c.catalog.archiveStatus, 'DRAFT'],
    [{ ORDERS_SKIP_TEST: 'false' }, (c) => c.orders.skipTest, false],
    [{}, (c) => c.shipments.notifyCustomer, true],
    [{ SHIPMENTS_NOTIFY_CUSTOMER: 'false' }, (c) => c.shipments.notifyCustomer, false],
    [{ LOCK_LEASE_SECONDS: '120' }, (c) => c.lock.leaseSeconds, 120],
    [{ SHOPIFY_API_VERSION: '2026-07' }, (c) => c.shopify.apiVersion, '2026-07'],
    [
      { PUSHGATEWAY_URL: 'http://pushgateway:9091' },
      (c) => c.metrics.pushgatewayUrl,
      'http://pushgateway:9091',
    ],
    [{ LOG_FORMAT: 'json' }, (c) => c.log.pretty, false],
    [{ SHOPIFY_TIMEOUT_MS: '5000' }, (c) => c.shopify.timeoutMs, 5000],
  ];
  for (const [env, pick, expected] of rows)
    assert.equal(pick(loadConfig({ ...valid, ...env }, 'jobs')), expected, JSON.stringify(env));
  assert.ok(
    problemsOf({ ...valid, SHOPIFY_API_VERSION: '2026-05' })[0]?.includes('SHOPIFY_API_VERSION'),
  );
  assert.ok(problemsOf({ ...valid, LOCK_LEASE_SECONDS: '5' })[0]?.includes('from 15 to 3600'));
});

test('worker schedules: defaults, a valid override, and an invalid one reported with the reason', () => {
  const config = loadConfig(valid, 'jobs');
  assert.equal(config.worker, {
    syncToShopifyCron: '0 3 * * *',
    syncOrdersCron: '*/5 * * * *',
    syncInventoryCron: null,
  });
  assert.is(
    loadConfig({ ...valid, WORKER_SYNC_ORDERS_CRON: ' */10  * * * * ' }, 'jobs').worker
      .syncOrdersCron,
    '*/10 * * * *',
  );
  const problems = problemsOf({
    ...valid,
    WORKER_SYNC_TO_SHOPIFY_CRON: '0 25 * * *',
    WORKER_SYNC_ORDERS_CRON: 'every 5 minutes',
  });
  assert.ok(
    problems.some((p) => p.includes('WORKER_SYNC_TO_SHOPIFY_CRON') && p.includes('hour')),
    problems.join(' | '),
  );
  assert.ok(
    problems.some((p) => p.includes('WORKER_SYNC_ORDERS_CRON') && p.includes('5 fields')),
    problems.join(' | '),
  );
});

test.run();
