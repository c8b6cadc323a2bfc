import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createAdvisoryLock } from '../../src/adapters/lock/advisory-lock.js';
import { lockName } from '../../src/domain/lock-name.js';
import { createMetricsPusher } from '../../src/infra/metrics/metrics-pusher.js';
import { freePort, startPushgateway } from '../infra/metrics/pushgateway-process.js';
import {
  startShopifySimulator,
  type ShopifySimulator,
  type ShopifySimulatorOptions,
} from '../../simulators/shopify/index.js';
import {
  assertNamedFailure,
  assertRunWouldWork,
  ENV_FAILURE_MODES,
  findCheck as find,
  runDoctor,
  type DoctorReport as Report,
} from '../support/doctor-report.js';
import { E2E_SHOP, useE2eEnvironment } from '../support/e2e-environment.js';
import { usePodEnv } from '../support/in-cluster-kube-api.js';
import { usePerFile } from '../support/per-file.js';
import { silent as silentLogger } from '../support/silent-logger.js';
import { createTestDatabase } from '../support/test-database.js';
import { useKubeApiServer } from '../support/use-simulators.js';

// doctor through the real CLI, as a pod runs it (in-cluster service account, a fake
// kube-apiserver over https, a real Pushgateway), against both simulators and a real database.
// Every scenario also proves that nothing was written anywhere.
const TOKEN = 'sa-token-doctor';
const NAMESPACE = 'shop-sync';
const e2e = useE2eEnvironment(test, { apix: { products: 12 } });
test.before(() => {
  e2e.shopify.orders.seed(2);
});
const gateway = usePerFile(
  test,
  () => startPushgateway(),
  (g) => g.stop(),
);
const kube = useKubeApiServer(test, {
  token: TOKEN,
  tls: true,
  user: `system:serviceaccount:${NAMESPACE}:integration-service`,
});
const podEnv = usePodEnv(test, kube, {
  token: TOKEN,
  namespace: NAMESPACE,
  podName: 'doctor-abcde',
  tmpPrefix: 'sa-doctor-',
  extraEnv: () => ({ PUSHGATEWAY_URL: gateway.url }),
});

const doctor = (extraEnv: Record<string, string> = {}) =>
  runDoctor({ ...e2e.env, ...podEnv, ...extraEnv });

/** Every write a run could make, counted where it would land. */
async function writes(shopify: ShopifySimulator, databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const tables = await client.query<{ t: string }>(
    `SELECT relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY relname`,
  );
  const rows: Record<string, number> = {};
  for (const { t } of tables.rows)
    rows[t] = Number(
      (await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0]?.n,
    );
  await client.end();
  const apix = e2e.apix.counters();
  return {
    shopifyMutations:
      shopify.counters().mutations.cost + (shopify.counters().mutations.firstAt ?? 0),
    shopifyDefinitions: shopify.state.definitions().length,
    apixWrites:
      (apix['POST /v1/orders']?.requests ?? 0) +
      (apix['PUT /v1/orders/{reference}']?.requests ?? 0),
    postgresRows: rows,
    pushedSamples: (await gateway.samples()).filter(
      (s) => s.labels['job'] === 'integration-service',
    ).length,
    leaseWrites: kube.requests.filter((q) => q.path.includes('/leases') && q.method !== 'GET')
      .length,
  };
}

test('a good setup: every system checked, nothing fails, exit 0, and nothing is written anywhere', async () => {
  const before = await writes(e2e.shopify, e2e.db.url);
  const { code, report, stderr } = await doctor();
  assertRunWouldWork(code, report, stderr);
  assert.is(report.shop, E2E_SHOP);
  // Against the simulators every system answers "ok" (only the local runtime may warn: Node 20).
  for (const c of report.checks.filter((c) => c.group !== 'runtime'))
    assert.is(c.status, 'ok', `${c.group}/${c.name}: ${c.found}`);
  for (const [group, name] of [
    ['pushgateway', 'grouping-key'],
    ['kubernetes', 'lease-rbac'],
    ['kubernetes', 'lock-holders'],
  ] as const)
    assert.ok(find(report, group, name), `${group}/${name} reported`);
  assert.match(
    find(report, 'apix', 'catalogue-size')?.found ?? '',
    /^12 products with \d+ variants$/,
  );
  assert.match(find(report, 'kubernetes', 'namespace')?.found ?? '', /shop-sync/);
  assert.equal(await writes(e2e.shopify, e2e.db.url), before, 'zero writes');
  assert.ok(
    kube.requests.some((q) => q.path.endsWith('/selfsubjectaccessreviews')),
    'asked the API server with SelfSubjectAccessReviews',
  );
});

test('the human output: one line per check, the action under each failure, the verdict last', async () => {
  const r = await e2e.cli(['doctor'], { ...podEnv, APIX_TOKEN: 'wrong-token' });
  assert.is(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines.at(-1) ?? '', /a run would fail \(exit 1\)/);
  const failLine = lines.findIndex((l) => l.startsWith('FAIL  apix/token'));
  assert.ok(failLine > 0, r.stdout);
  assert.match(lines[failLine + 1] ?? '', /-> set APIX_TOKEN/);
  assert.not.match(r.stdout + r.stderr, /wrong-token/, 'the token never reaches the output');
});

test('a wrong command line exits 2 and runs nothing', async () => {
  const r = await e2e.cli(['doctor', '--shop'], podEnv);
  assert.is(r.code, 2);
  const s = await e2e.cli(['doctor', 'extra'], podEnv);
  assert.is(s.code, 2);
});

test('configuration problems are findings: all named at once, exit 1, the other systems still checked', async () => {
  const { code, report } = await doctor({ APIX_TOKEN: '', SHOPIFY_SHOP: 'not a shop' });
  assert.is(code, 1);
  const config = report.checks.filter((c) => c.group === 'config');
  assert.ok(config.length >= 2, JSON.stringify(config));
  assert.ok(config.every((c) => c.status === 'fail'));
  assert.ok(config.some((c) => /APIX_TOKEN/.test(c.found)));
  assert.ok(config.some((c) => /SHOPIFY_SHOP/.test(c.found)));
  assert.is(find(report, 'postgres', 'migrations')?.status, 'ok');
  assert.is(find(report, 'shopify', 'skipped')?.status, 'skip');
});

test('--shop checks another shop than SHOPIFY_SHOP', async () => {
  const other = await startShopifySimulator({ shop: 'second-shop.myshopify.com' });
  try {
    const r = await e2e.cli(['doctor', '--json', '--shop', 'second-shop.myshopify.com'], {
      ...podEnv,
      SHOPIFY_SHOP: 'ignored.myshopify.com',
      SHOPIFY_API_BASE_URL: other.url,
      SHOPIFY_ACCESS_TOKEN: other.accessToken,
    });
    const report = JSON.parse(r.stdout) as Report;
    assert.is(r.code, 0, r.stdout);
    assert.is(report.shop, 'second-shop.myshopify.com');
    assert.match(
      find(report, 'kubernetes', 'lease-rbac')?.found ?? '',
      /integration-service-sync-orders-second-shop/,
    );
  } finally {
    await other.close();
  }
});

test('an app without protected-customer-data approval or read_all_orders: warnings, exit 0; a backfill past 60 days fails', async () => {
  e2e.shopify.setAccess({ protectedCustomerData: false, readAllOrders: false });
  try {
    const before = await writes(e2e.shopify, e2e.db.url);
    const { code, report } = await doctor();
    assert.is(code, 0, JSON.stringify(report.checks.filter((c) => c.status === 'fail')));
    const pcd = find(report, 'shopify', 'protected-customer-data');
    assert.is(pcd?.status, 'warn');
    assert.match(
      pcd?.found ?? '',
      /no protected customer data approval: Shopify withholds .*orders\.nodes\.0\./,
    );
    const all = find(report, 'shopify', 'scope-read-all-orders');
    assert.is(all?.status, 'warn');
    assert.match(all?.found ?? '', /older than 60 days/);
    const none = await doctor({ ORDERS_CUSTOMER_FIELDS: 'none' });
    assert.is(find(none.report, 'shopify', 'protected-customer-data')?.status, 'ok');
    const long = await doctor({ ORDERS_BACKFILL_DAYS: '90' });
    assertNamedFailure(long.code, long.report, {
      check: ['shopify', 'scope-read-all-orders'],
      found: /read_all_orders is not granted.*\(ORDERS_BACKFILL_DAYS is 90\)/,
    });
    assert.equal(await writes(e2e.shopify, e2e.db.url), before, 'zero writes');
  } finally {
    e2e.shopify.setAccess({ protectedCustomerData: true, readAllOrders: true });
  }
});

test('outside Kubernetes: no Lease checks, and who holds the PostgreSQL advisory lock now', async () => {
  const lock = createAdvisoryLock({
    connectionString: e2e.db.url,
    identity: 'worker-host-4242',
    logger: silentLogger,
  });
  const attempt = await lock.tryAcquire(lockName('sync-orders', E2E_SHOP));
  assert.ok(attempt.acquired);
  try {
    const { code, report } = await runDoctor({ ...e2e.env, PUSHGATEWAY_URL: gateway.url });
    assert.is(code, 0);
    assert.is(find(report, 'kubernetes', 'lock')?.status, 'skip');
    assert.match(
      find(report, 'postgres', 'lock-holders')?.found ?? '',
      /held by .*worker-host-4242/,
    );
  } finally {
    await attempt.held.release();
  }
});

test('a stale group on the Pushgateway that would make it refuse our pushes is named; the gateway does refuse', async () => {
  // An older version pushed the same metric name as another type under another shop (a help
  // text of its own alone is accepted by Pushgateway 1.5: only the type must agree).
  const stale = `${gateway.url}/metrics/job/integration-service/subcommand/sync-orders/shop/old-shop.myshopify.com`;
  const put = await fetch(stale, {
    method: 'PUT',
    body: '# HELP integration_service_last_run_timestamp_seconds Old help.\n# TYPE integration_service_last_run_timestamp_seconds counter\nintegration_service_last_run_timestamp_seconds 1\n',
  });
  assert.is(put.status, 200);
  try {
    const { code, report } = await doctor();
    assertNamedFailure(code, report, {
      check: ['pushgateway', 'grouping-key'],
      found:
        /would refuse our pushes: integration_service_last_run_timestamp_seconds exists in group .*old-shop.* as a counter, we push a gauge/,
    });
    // Ground truth: a run's real push is refused by the real gateway (a write, made by the test).
    const pushed = await createMetricsPusher({
      url: gateway.url,
      timeoutMs: 5000,
      logger: silentLogger,
      version: '0.0.0',
    }).push({
      job: 'sync-orders',
      shop: E2E_SHOP,
      status: 'succeeded',
      startedAt: new Date(),
      finishedAt: new Date(),
      counts: {},
      recordErrors: {},
    });
    assert.is(pushed.pushed, false, 'the gateway refused the push doctor said it would refuse');
  } finally {
    await fetch(stale, { method: 'DELETE' });
  }
});

interface FailureMode {
  readonly title: string;
  readonly check: readonly [string, string];
  readonly found: RegExp;
  /** Environment for the run; may start what it needs (a second simulator, a database). */
  readonly setup: () => Promise<{
    env: Record<string, string>;
    shopify?: ShopifySimulator;
    databaseUrl?: string;
    done?: () => Promise<void>;
  }>;
}

async function otherShop(options: ShopifySimulatorOptions) {
  const shopify = await startShopifySimulator({ shop: E2E_SHOP, ...options });
  return {
    shopify,
    env: { SHOPIFY_API_BASE_URL: shopify.url, SHOPIFY_ACCESS_TOKEN: shopify.accessToken },
    done: () => shopify.close(),
  };
}

const FAILURE_MODES: readonly FailureMode[] = [
  ...ENV_FAILURE_MODES.map((m) => ({ ...m, setup: async () => ({ env: { ...m.env } }) })),
  {
    title: 'missing scope',
    check: ['shopify', 'scope-write-publications'],
    found: /write_publications is not granted: new products and collections cannot be published/,
    setup: () =>
      otherShop({
        accessScopes: ['read_products', 'write_products', 'read_orders', 'read_all_orders'],
      }),
  },
  {
    title: 'no Online Store publication',
    check: ['shopify', 'publications'],
    found: /no Online Store publication \(only: Point of Sale\)/,
    setup: () => otherShop({ publications: ['Point of Sale'] }),
  },
  {
    title: 'definition key taken',
    check: ['shopify', 'custom-id-product'],
    found:
      /definition key taken: integration_service\.taken_key on PRODUCT is defined with type single_line_text_field/,
    setup: async () => {
      const other = await otherShop({});
      const r = await fetch(other.shopify.graphqlUrl(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-access-token': other.shopify.accessToken,
        },
        body: JSON.stringify({
          query:
            'mutation { metafieldDefinitionCreate(definition: {name: "Taken", namespace: "integration_service", key: "taken_key", type: "single_line_text_field", ownerType: PRODUCT}) { userErrors { message } } }',
        }),
      });
      assert.is(r.status, 200);
      other.shopify.resetCounters();
      return { ...other, env: { ...other.env, SHOPIFY_CUSTOM_ID_KEY: 'taken_key' } };
    },
  },
  {
    title: 'definition key taken by metafields without a definition',
    check: ['shopify', 'custom-id-product'],
    found:
      /definition key taken: PRODUCT metafields already use integration_service\.loose_key without a definition/,
    setup: async () => {
      const other = await otherShop({});
      other.shopify.state.seedProducts(1, () => ({
        title: 'Imported by another app',
        metafields: [
          {
            namespace: 'integration_service',
            key: 'loose_key',
            type: 'single_line_text_field',
            value: 'SKU-1',
          },
        ],
      }));
      return { ...other, env: { ...other.env, SHOPIFY_CUSTOM_ID_KEY: 'loose_key' } };
    },
  },
  {
    title: 'API X returning HTML',
    check: ['apix', 'answers-json'],
    found: /GET \/v1\/categories answered HTML/,
    setup: async () => {
      e2e.apix.faults.garbageNext(
        1,
        'GET /v1/categories',
        '<!DOCTYPE html><html><body>Sign in</body></html>',
      );
      return { env: {}, done: async () => e2e.apix.faults.clear() };
    },
  },
  {
    title: 'migrations pending',
    check: ['postgres', 'migrations'],
    found: /migrations pending: (\d+) of \1 not applied \(1764057600000_initial-schema, /,
    setup: async () => {
      const db = await createTestDatabase({ migrated: false });
      return { env: { DATABASE_URL: db.url }, databaseUrl: db.url, done: () => db.drop() };
    },
  },
  {
    title: 'Pushgateway down',
    check: ['pushgateway', 'reachable'],
    found: /Pushgateway down: cannot reach http:\/\/127\.0\.0\.1:\d+/,
    setup: async () => ({ env: { PUSHGATEWAY_URL: `http://127.0.0.1:${await freePort()}` } }),
  },
  {
    title: 'Lease forbidden',
    check: ['kubernetes', 'lease-rbac'],
    found:
      /Lease forbidden: the service account may not update lease integration-service-sync-to-shopify-e2e-shop, update lease integration-service-sync-orders-e2e-shop in namespace shop-sync/,
    setup: async () => {
      kube.deny('update');
      return { env: {}, done: async () => kube.deny('update', false) };
    },
  },
];

for (const mode of FAILURE_MODES) {
  test(`${mode.title}: named as a failed check, exit 1, nothing written`, async () => {
    const setup = await mode.setup();
    try {
      const shopify = setup.shopify ?? e2e.shopify;
      const databaseUrl = setup.databaseUrl ?? e2e.db.url;
      const before = await writes(shopify, databaseUrl);
      const { code, report } = await doctor(setup.env);
      assertNamedFailure(code, report, mode);
      assert.equal(await writes(shopify, databaseUrl), before, 'zero writes');
    } finally {
      await setup.done?.();
    }
  });
}

test.run();
