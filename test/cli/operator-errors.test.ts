import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createKubeCoordinationApi } from '../../src/adapters/lock/kube-coordination-api.js';
import { createLeaseLock } from '../../src/adapters/lock/lease-lock.js';
import { describe } from '../../src/cli/run-command.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { withInClusterKubeApi } from '../support/in-cluster-kube-api.js';
import { logLines } from '../support/log-lines.js';
import { rejectionOf } from '../support/rejection-of.js';
import { silent } from '../support/silent-logger.js';
import { useTestDatabase } from '../support/test-database.js';

// Each error an operator meets, produced for real through the spawned CLI (or, for the Lease RBAC
// case, the lock adapter behind it), must read as one line: the cause, then what to do next.

const BAD_SHOPIFY_TOKEN = 'shpat_wrong_token_0123456789abcdef';
const BAD_APIX_TOKEN = 'apix-wrong-token-0123456789';
const CLOSED_PORT_URL = 'http://127.0.0.1:9'; // discard port: nothing listens on loopback here

// Started and closed per file by the helpers (usePerFile): a failed start is reported as itself,
// and `after` closes only what was started (a bare `e2e.shopify` there threw a TypeError that
// replaced the real error of a failed `before`).
const e2e = useE2eEnvironment(test, { apix: { products: 4, categories: 2 } });
const unmigrated = useTestDatabase(test, { migrated: false });

// These three fail before the run takes its lock and never reach a simulator, so they start
// at once and run alongside the others (each spawned CLI pays a few seconds of start-up).
let early: { postgres: Promise<Outcome>; migrations: Promise<Outcome>; kube: Promise<Outcome> };

// Registered after the helpers: uvu runs it once the environment and the database are up.
test.before(() => {
  early = {
    postgres: run('sync-orders', {
      DATABASE_URL: 'postgres://app:db-secret-pw@127.0.0.1:9/integration',
    }),
    migrations: run('sync-orders', { DATABASE_URL: unmigrated.url }),
    kube: run('sync-orders', { LOCK_BACKEND: 'kubernetes', POD_NAMESPACE: 'shop-sync' }),
  };
});

type Outcome = { code: number | null; line: string; all: string };

/** The one line an operator reads: the summary's `error` when the run started, else the CLI's stderr line. */
async function run(
  job: 'sync-to-shopify' | 'sync-orders',
  env: Record<string, string> = {},
): Promise<Outcome> {
  const r = await e2e.cli([job], { APIX_MAX_RETRIES: '0', ...env });
  const fromSummary = typeof r.summary?.['error'] === 'string' ? r.summary['error'] : null;
  const fromStderr = r.stderr
    .split('\n')
    .find((l) => l.startsWith('integration-service: '))
    ?.slice('integration-service: '.length);
  return { code: r.code, line: fromSummary ?? fromStderr ?? '', all: r.stdout + r.stderr };
}

function assertOneLine(
  o: Outcome,
  cause: RegExp,
  nextStep: RegExp,
  secrets: readonly string[] = [],
): void {
  assert.is(o.code, 1, `exit 1 (the run failed):\n${o.all.slice(-1500)}`);
  assert.ok(o.line !== '', `an operator line in:\n${o.all.slice(-1500)}`);
  assert.not.match(o.line, /\n/, 'one line');
  assert.match(o.line, cause);
  assert.match(o.line, nextStep);
  for (const s of secrets) assert.not.ok(o.all.includes(s), 'no secret anywhere in the output');
}

test('Shopify 401: bad token', async () => {
  const o = await run('sync-to-shopify', { SHOPIFY_ACCESS_TOKEN: BAD_SHOPIFY_TOKEN });
  assertOneLine(o, /shopify: HTTP 401 unauthorized/, /check SHOPIFY_ACCESS_TOKEN/, [
    BAD_SHOPIFY_TOKEN,
  ]);
});

test('Shopify 403: the missing scope is named', async () => {
  e2e.shopify.faults.failNext(5, 403);
  try {
    const o = await run('sync-to-shopify');
    assertOneLine(
      o,
      /HTTP 403 forbidden: missing access scope write_products/,
      /grant the app the write_products scope/,
    );
  } finally {
    e2e.shopify.faults.clear();
  }
});

for (const [status, cause, nextStep] of [
  [402, /HTTP 402: shop is frozen/, /shop owner must settle the Shopify bill/],
  [423, /HTTP 423: shop is locked/, /contact Shopify support/],
] as const) {
  test(`Shopify ${status}: shop ${status === 402 ? 'frozen' : 'locked'}`, async () => {
    e2e.shopify.faults.failNext(5, status);
    try {
      assertOneLine(await run('sync-orders'), cause, nextStep);
    } finally {
      e2e.shopify.faults.clear();
    }
  });
}

test('API X unreachable', async () => {
  const o = await run('sync-to-shopify', { APIX_BASE_URL: CLOSED_PORT_URL });
  assertOneLine(
    o,
    /failed without a response \(ECONNREFUSED\)/,
    /check APIX_BASE_URL \(http:\/\/127\.0\.0\.1:9\) and that API X is reachable/,
  );
});

test('API X 401: bad token', async () => {
  const o = await run('sync-to-shopify', { APIX_TOKEN: BAD_APIX_TOKEN });
  assertOneLine(o, /answered 401/, /check APIX_TOKEN/, [BAD_APIX_TOKEN]);
});

test('PostgreSQL unreachable', async () => {
  const o = await early.postgres;
  assertOneLine(o, /cannot connect to PostgreSQL/, /check DATABASE_URL and that the server is up/, [
    'db-secret-pw',
  ]);
});

test('migrations not applied', async () => {
  const o = await early.migrations;
  assertOneLine(o, /database migration\(s\) not applied/, /run 'integration-service migrate up'/);
});

test('Pushgateway down: a warning, and the run still succeeds', async () => {
  const r = await e2e.cli(['sync-orders'], { PUSHGATEWAY_URL: CLOSED_PORT_URL });
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-1500));
  assert.is(r.summary?.['status'], 'succeeded');
  const warning = logLines(r.stderr).find(
    (l) => l['level'] === 'warn' && /metrics push failed/.test(String(l['msg'])),
  );
  assert.ok(warning, `a metrics warning in:\n${r.stderr.slice(-1500)}`);
  assert.match(String(warning?.['msg']), /the run result stands\. Check PUSHGATEWAY_URL/);
  assert.is(warning?.['pushgateway'], CLOSED_PORT_URL);
  assert.match(String(warning?.['error']), /ECONNREFUSED/);
});

test('LOCK_BACKEND=kubernetes outside a pod: says why the Lease API cannot be reached', async () => {
  const o = await early.kube;
  assertOneLine(
    o,
    /no service-account token at \/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/token/,
    /not running in a pod, or automountServiceAccountToken is false/,
  );
});

// The CLI reads the service-account files only from their fixed in-pod path (no prefix can be
// configured), so the RBAC denial is produced through the lock adapter the CLI wires, with the
// in-cluster configuration (KUBERNETES_SERVICE_HOST/PORT, token, CA) pointing at the fake
// kube-apiserver, and rendered with the CLI's own `describe`.
test('Lease RBAC missing: the 403 names the verb, the resource and the rule to add', async () => {
  const token = 'kube-sa-token-0123456789';
  await withInClusterKubeApi({ token }, async ({ server, prefix }) => {
    const lock = createLeaseLock({
      coordination: createKubeCoordinationApi({ inCluster: true, prefix }),
      namespace: 'shop-sync',
      identity: 'pod-1',
      logger: silent,
    });
    for (const verb of ['get', 'create'] as const) {
      server.deny(verb);
      try {
        const error = await rejectionOf(lock.tryAcquire('integration-service-sync-orders-demo'));
        const line = describe(error, { secrets: [token] });
        assert.not.match(line, /\n/);
        assert.match(
          line,
          `the service account cannot ${verb} leases.coordination.k8s.io in namespace shop-sync`,
        );
        assert.match(line, `verbs: ["${verb}"]`);
        assert.match(line, `(grant ${verb} on leases.coordination.k8s.io in namespace shop-sync)`);
        assert.not.ok(line.includes(token));
      } finally {
        server.deny(verb, false);
      }
    }
  });
});

test.run();
