import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lockName } from '../../src/domain/lock-name.js';
import { E2E_SHOP, useE2eEnvironment } from '../support/e2e-environment.js';
import { usePodEnv } from '../support/in-cluster-kube-api.js';
import { useKubeApiServer } from '../support/use-simulators.js';
import { startTcpProxy } from '../resilience/support/tcp-proxy.js';
import { runCli } from '../../scripts/support/run-cli.js';

// The CLI as a pod runs it: in-cluster config (service-account files, KUBERNETES_SERVICE_*),
// over https with the cluster's CA, against a fake kube-apiserver.
const TOKEN = 'sa-token-in-cluster';
const e2e = useE2eEnvironment(test, { apix: { products: 3 } });
const kube = useKubeApiServer(test, {
  token: TOKEN,
  tls: true,
  user: 'system:serviceaccount:shop-sync:integration-service',
});
const podEnv = usePodEnv(test, kube, {
  token: TOKEN,
  namespace: 'shop-sync',
  podName: 'sync-orders-29001-abcde',
  tmpPrefix: 'sa-cli-',
});

test('inside Kubernetes the run holds a Lease named for the job and shop, and releases it', async () => {
  e2e.shopify.orders.seed(2);
  const r = await e2e.cli(['sync-orders'], podEnv);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-1500));
  const lease = kube.lease('shop-sync', lockName('sync-orders', E2E_SHOP));
  assert.ok(lease, 'lease created in the service account namespace');
  assert.is(lease?.spec['holderIdentity'], '', 'released: empty holder');
  assert.is(lease?.spec['leaseDurationSeconds'], 1);
  assert.ok(
    kube.requests.some((q) => q.method === 'POST'),
    'created through the API',
  );
});

test('a missing RBAC rule fails the run with the verb and resource to add, exit 1', async () => {
  kube.deny('update');
  try {
    const r = await e2e.cli(['sync-orders'], podEnv);
    assert.is(r.code, 1);
    assert.match(r.stderr, /cannot update leases\.coordination\.k8s\.io in namespace shop-sync/);
    assert.match(r.stderr, /RBAC/);
    assert.not.ok((r.stdout + r.stderr).includes(TOKEN));
    // Recorded like any failed run, so status, metrics and alerts see it.
    assert.is(r.summary?.['status'], 'failed');
    const { rows } = await e2e.db.pool.query<{ status: string; error: string }>(
      `SELECT status, error FROM sync_runs ORDER BY id DESC LIMIT 1`,
    );
    assert.is(rows[0]?.status, 'failed');
    assert.match(rows[0]?.error ?? '', /could not take the lock/);
  } finally {
    kube.deny('update', false);
  }
});

test('SIGTERM mid-run releases the Lease before the process exits', async () => {
  e2e.shopify.orders.seed(30);
  e2e.apix.faults.setLatency(150);
  let pid = 0;
  try {
    const running = runCli(
      ['sync-orders'],
      { ...e2e.env, ...podEnv, ORDERS_PUSH_CONCURRENCY: '1' },
      { onSpawn: (p) => (pid = p) },
    );
    const name = lockName('sync-orders', E2E_SHOP);
    // Held and pushing: some orders have reached API X.
    const before = e2e.apix.orders.list().length;
    while (
      kube.lease('shop-sync', name)?.spec['holderIdentity'] !== podEnv['POD_NAME'] ||
      e2e.apix.orders.list().length < before + 2
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(pid, 'SIGTERM');
    const r = await running;
    assert.is(r.code, 143, r.stderr.slice(-1500));
    assert.is(kube.lease('shop-sync', name)?.spec['holderIdentity'], '', 'released on the way out');
  } finally {
    e2e.apix.faults.setLatency(0);
  }
});

test("SIGKILL: the Job's retry pod takes over its dead predecessor's Lease; another Job is still skipped", async () => {
  e2e.shopify.orders.seed(3);
  const name = lockName('sync-orders', E2E_SHOP);
  const job = { ...e2e.env, ...podEnv, JOB_NAME: 'sync-orders-29001' };
  // The first pod holds the Lease and waits at API X (a gate), where it is killed.
  const gate = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(e2e.apix.url).port) });
  let pid = 0;
  try {
    gate.hold();
    const first = runCli(
      ['sync-orders'],
      {
        ...job,
        POD_NAME: 'sync-orders-29001-aaaaa',
        APIX_BASE_URL: `http://127.0.0.1:${gate.port}`,
      },
      { onSpawn: (p) => (pid = p) },
    );
    while (gate.connections() < 1) await new Promise((r) => setTimeout(r, 10));
    process.kill(pid, 'SIGKILL');
    assert.is((await first).signal, 'SIGKILL');
  } finally {
    gate.release();
    await gate.close();
  }
  assert.is(
    kube.lease('shop-sync', name)?.spec['holderIdentity'],
    'sync-orders-29001',
    'the dead pod still holds it',
  );

  // The next scheduled Job is another holder: skipped until the Lease expires.
  const other = await runCli(['sync-orders'], {
    ...job,
    JOB_NAME: 'sync-orders-29006',
    POD_NAME: 'sync-orders-29006-ccccc',
  });
  assert.is(other.code, 0, other.stderr.slice(-1500));
  assert.match(other.stdout, /"status":"skipped"/);

  // The same Job's retry pod runs, and reports its predecessor as died.
  const retry = await runCli(['sync-orders'], { ...job, POD_NAME: 'sync-orders-29001-bbbbb' });
  assert.is(retry.code, 0, retry.stderr.slice(-1500));
  assert.match(retry.stdout, /"status":"succeeded"/);
  assert.match(retry.stderr, /found 1 earlier sync-orders run\(s\) still marked running/);
  const { rows } = await e2e.db.pool.query<{ status: string }>(
    `SELECT status FROM sync_runs WHERE job = 'sync-orders' ORDER BY id DESC LIMIT 3`,
  );
  assert.equal(
    rows.map((r) => r.status),
    ['succeeded', 'skipped', 'died'],
  );
});

test.run();
