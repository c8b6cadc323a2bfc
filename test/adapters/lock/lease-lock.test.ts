import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createKubeCoordinationApi,
  readServiceAccountNamespace,
} from '../../../src/adapters/lock/kube-coordination-api.js';
import {
  createLeaseLock,
  type CoordinationApi,
  type LeaseLockOptions,
} from '../../../src/adapters/lock/lease-lock.js';
import { leaseNameFor } from '../../../src/adapters/lock/lease-name.js';
import { UpstreamError } from '../../../src/domain/errors.js';
import type { HeldLock, LockAttempt } from '../../../src/domain/ports/lock.js';
import {
  startKubeApiServer,
  type KubeApiServer,
} from '../../../simulators/kube/kube-api-server.js';
import { withInClusterKubeApi } from '../../support/in-cluster-kube-api.js';
import { rejectionOf } from '../../support/rejection-of.js';
import { silent } from '../../support/silent-logger.js';

const NS = 'shop-sync';
const TOKEN = 'kube-test-token-123456';
const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

let server: KubeApiServer;
let api: CoordinationApi;
let lockCounter = 0;

function locker(
  identity: string,
  extra: Partial<
    Pick<LeaseLockOptions, 'leaseDurationSeconds' | 'renewEverySeconds' | 'coordination' | 'now'>
  > = {},
) {
  return createLeaseLock({ coordination: api, namespace: NS, identity, logger: silent, ...extra });
}
const freshName = () => `integration-service-sync-orders-shop-${++lockCounter}`;

function held(attempt: LockAttempt): HeldLock {
  if (!attempt.acquired) throw new Error(`expected to acquire, held by ${attempt.holder}`);
  return attempt.held;
}

/** Resolves with the abort reason; rejects when it does not come within `ms` (a hang guard, not a timing assertion). */
function lostReason(lock: HeldLock, ms = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error('lost was never aborted')), ms);
    const done = () => {
      clearTimeout(guard);
      resolve(String((lock.lost.reason as Error).message));
    };
    if (lock.lost.aborted) done();
    else lock.lost.addEventListener('abort', done);
  });
}

const micro = (d: Date) => d.toISOString().replace('Z', '000Z');

/** Writes the lease as another process holds it: for 60 s from `renewed`. */
function putForeignLease(
  name: string,
  holder: string,
  acquired: Date,
  renewed = acquired,
  extra: Record<string, unknown> = {},
): void {
  server.putLease(NS, name, {
    holderIdentity: holder,
    leaseDurationSeconds: 60,
    acquireTime: micro(acquired),
    renewTime: micro(renewed),
    ...extra,
  });
}

/** The lease API at `server` with a bearer token and no service-account files, as outside a pod. */
const coordinationAt = (server: string, token = TOKEN) =>
  createKubeCoordinationApi({ server, token, skipTLSVerify: true });

/** What acquiring a fresh lease through `coordination` fails with; it must be an UpstreamError. */
async function acquireFailure(coordination: CoordinationApi): Promise<UpstreamError> {
  const error = await rejectionOf(locker('pod-a', { coordination }).tryAcquire(freshName()));
  assert.instance(error, UpstreamError);
  return error as UpstreamError;
}

test.before(async () => {
  server = await startKubeApiServer({ token: TOKEN });
  api = coordinationAt(server.url);
});
test.after(async () => {
  await server.close();
});

test('fresh acquire creates the lease with our identity and MicroTime fields; release empties it', async () => {
  const name = freshName();
  const lock = held(await locker('pod-a', { leaseDurationSeconds: 30 }).tryAcquire(name));
  const lease = server.lease(NS, name);
  assert.ok(lease);
  assert.is(lease.spec['holderIdentity'], 'pod-a');
  assert.is(lease.spec['leaseDurationSeconds'], 30);
  assert.is(lease.spec['leaseTransitions'], 0);
  assert.match(String(lease.spec['acquireTime']), MICRO);
  assert.match(String(lease.spec['renewTime']), MICRO);
  assert.is(lock.lost.aborted, false);
  await lock.release();
  const released = server.lease(NS, name);
  assert.is(released?.spec['holderIdentity'], '');
  assert.is(released?.spec['leaseDurationSeconds'], 1);
  assert.is(lock.lost.aborted, false, 'release is not a loss');
  // Free at once for the next run, whoever it is.
  const next = held(await locker('pod-b').tryAcquire(name));
  assert.is(server.lease(NS, name)?.spec['holderIdentity'], 'pod-b');
  assert.is(server.lease(NS, name)?.spec['leaseTransitions'], 1);
  await next.release();
});

test('a lease renewed recently by another holder is not acquired; holder and since are reported', async () => {
  const name = freshName();
  const acquired = new Date(Date.now() - 5000);
  putForeignLease(name, 'pod-other', acquired, new Date());
  const attempt = await locker('pod-a').tryAcquire(name);
  assert.equal(attempt, { acquired: false, holder: 'pod-other', since: acquired.toISOString() });
  assert.is(server.lease(NS, name)?.spec['holderIdentity'], 'pod-other', 'lease untouched');
});

test('an expired lease of another holder is taken over', async () => {
  const name = freshName();
  const old = new Date(Date.now() - 120_000);
  putForeignLease(name, 'pod-dead', old, old, { leaseTransitions: 4 });
  const lock = held(await locker('pod-a').tryAcquire(name));
  assert.is(server.lease(NS, name)?.spec['holderIdentity'], 'pod-a');
  assert.is(server.lease(NS, name)?.spec['leaseTransitions'], 5);
  await lock.release();
});

test('expiry follows the injected clock', async () => {
  const name = freshName();
  const t0 = new Date('2026-11-25T07:00:00.000Z');
  putForeignLease(name, 'pod-other', t0);
  const at = (ms: number) => locker('pod-a', { now: () => new Date(t0.getTime() + ms) });
  const before = await at(59_000).tryAcquire(name);
  assert.is(before.acquired, false);
  const after = await at(60_000).tryAcquire(name);
  assert.is(after.acquired, true);
  if (after.acquired) await after.held.release();
});

test('two lockers racing: exactly one wins every round (create and replace paths)', async () => {
  const name = freshName();
  const a = locker('pod-a');
  const b = locker('pod-b');
  for (let round = 0; round < 40; round++) {
    // Even rounds race to create; odd rounds race to replace a released lease.
    if (round % 2 === 0) server.deleteLease(NS, name);
    const [ra, rb] = await Promise.all([a.tryAcquire(name), b.tryAcquire(name)]);
    const winners = [ra, rb].filter((r) => r.acquired);
    assert.is(winners.length, 1, `round ${round}: ${JSON.stringify([ra.acquired, rb.acquired])}`);
    const [winnerId, loser] = ra.acquired ? ['pod-a', rb] : ['pod-b', ra];
    assert.is(server.lease(NS, name)?.spec['holderIdentity'], winnerId);
    if (loser.acquired) throw new Error('unreachable');
    assert.is(loser.holder, winnerId);
    await held(ra.acquired ? ra : rb).release();
  }
});

test('renewal keeps the lease and bumps renewTime', async () => {
  const name = freshName();
  const lock = held(
    await locker('pod-a', { leaseDurationSeconds: 3, renewEverySeconds: 0.05 }).tryAcquire(name),
  );
  const first = String(server.lease(NS, name)?.spec['renewTime']);
  const rv = server.lease(NS, name)?.metadata.resourceVersion;
  await waitFor(() => server.lease(NS, name)?.metadata.resourceVersion !== rv);
  assert.ok(String(server.lease(NS, name)?.spec['renewTime']) >= first);
  assert.is(server.lease(NS, name)?.spec['holderIdentity'], 'pod-a');
  assert.is(lock.lost.aborted, false);
  await lock.release();
  assert.is(server.lease(NS, name)?.spec['holderIdentity'], '');
});

test('renewal that keeps failing aborts lost before the lease expires', async () => {
  const name = freshName();
  const lock = held(
    await locker('pod-a', { leaseDurationSeconds: 1, renewEverySeconds: 0.1 }).tryAcquire(name),
  );
  server.failNext(1000, 503);
  const reason = await lostReason(lock);
  server.failNext(0);
  assert.match(reason, /could not renew/);
  assert.match(reason, /503/);
  await lock.release(); // no-op after a loss
  assert.is(server.lease(NS, name)?.spec['holderIdentity'], 'pod-a', 'a lost lock writes nothing');
});

test('one failed renewal is retried and does not lose the lock', async () => {
  const name = freshName();
  const lock = held(
    await locker('pod-a', { leaseDurationSeconds: 3, renewEverySeconds: 0.05 }).tryAcquire(name),
  );
  server.failNext(1, 'reset');
  const rv = server.lease(NS, name)?.metadata.resourceVersion;
  await waitFor(() => server.lease(NS, name)?.metadata.resourceVersion !== rv);
  assert.is(lock.lost.aborted, false);
  await lock.release();
});

test('another holder taking over aborts lost with its name', async () => {
  const name = freshName();
  const lock = held(
    await locker('pod-a', { leaseDurationSeconds: 5, renewEverySeconds: 0.05 }).tryAcquire(name),
  );
  putForeignLease(name, 'pod-thief', new Date());
  assert.match(await lostReason(lock), /taken over by pod-thief/);
  await lock.release();
  assert.is(
    server.lease(NS, name)?.spec['holderIdentity'],
    'pod-thief',
    'release does not clobber the new holder',
  );
});

test('a deleted lease aborts lost', async () => {
  const name = freshName();
  const lock = held(
    await locker('pod-a', { leaseDurationSeconds: 5, renewEverySeconds: 0.05 }).tryAcquire(name),
  );
  server.deleteLease(NS, name);
  assert.match(await lostReason(lock), /deleted/);
});

test('403 becomes an error naming the verb, resource, namespace and the RBAC rule', async () => {
  server.deny('create');
  try {
    const e = await acquireFailure(api);
    assert.match(
      e.message,
      `the service account cannot create leases.coordination.k8s.io in namespace ${NS}: add the RBAC rule`,
    );
    assert.match(e.message, /verbs: \["create"\]/);
    assert.is(e.retryable, false);
    assert.is(e.status, 403);
  } finally {
    server.deny('create', false);
  }
  const name = freshName();
  server.putLease(NS, name, { holderIdentity: '', leaseDurationSeconds: 1 });
  server.deny('update');
  try {
    const error = (await rejectionOf(locker('pod-a').tryAcquire(name))) as UpstreamError;
    assert.match(error.message, `cannot update leases.coordination.k8s.io in namespace ${NS}`);
    assert.match(error.message, `resourceNames: ["${name}"]`);
  } finally {
    server.deny('update', false);
  }
});

test('a wrong token is a non-retryable 401 that does not reveal the token', async () => {
  const error = await acquireFailure(coordinationAt(server.url, 'wrong-token-abcdef'));
  assert.is(error.status, 401);
  assert.is(error.retryable, false);
  assert.not.ok(error.message.includes('wrong-token'));
});

test('an unreachable API server is a retryable UpstreamError', async () => {
  const error = await acquireFailure(coordinationAt('http://127.0.0.1:1'));
  assert.is(error.retryable, true);
});

test('in-cluster config over https with a self-signed CA, token and namespace files', async () => {
  await withInClusterKubeApi({ token: TOKEN, namespace: 'in-cluster-ns' }, async (cluster) => {
    const namespace = readServiceAccountNamespace(cluster.prefix);
    assert.is(namespace, 'in-cluster-ns');
    const coordination = createKubeCoordinationApi({ inCluster: true, prefix: cluster.prefix });
    const lock = createLeaseLock({
      coordination,
      namespace: namespace ?? '',
      identity: 'pod-in-cluster',
      logger: silent,
    });
    const attempt = await lock.tryAcquire('integration-service-sync-to-shopify-demo');
    assert.is(attempt.acquired, true);
    assert.is(
      cluster.server.lease('in-cluster-ns', 'integration-service-sync-to-shopify-demo')?.spec[
        'holderIdentity'
      ],
      'pod-in-cluster',
    );
    if (attempt.acquired) await attempt.held.release();

    // The certificate really is verified: without the CA the same server is refused.
    const unverified = createKubeCoordinationApi({ server: cluster.server.url, token: TOKEN });
    const error = await rejectionOf(
      createLeaseLock({
        coordination: unverified,
        namespace: 'x',
        identity: 'p',
        logger: silent,
      }).tryAcquire('x'),
    );
    assert.instance(error, UpstreamError);
  });
});

test('nonsensical durations are refused at construction', () => {
  assert.throws(() => locker('p', { leaseDurationSeconds: 0 }), /whole number/);
  assert.throws(() => locker('p', { leaseDurationSeconds: 1.5 }), /whole number/);
  assert.throws(() => locker('p', { leaseDurationSeconds: 3, renewEverySeconds: 2 }), /two thirds/);
});

test('in-cluster config outside a pod fails clearly', () => {
  assert.throws(
    () => createKubeCoordinationApi({ inCluster: true, prefix: '/nonexistent' }),
    /no service-account token/,
  );
  assert.is(readServiceAccountNamespace('/nonexistent'), null);
});

test('the fake API server answers like the real one (Status objects, 409/422/404/400)', async () => {
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(
      `${server.url}/apis/coordination.k8s.io/v1/namespaces/${NS}/leases${p}`,
      {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      },
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const name = freshName();
  const lease = (extra: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) => ({
    metadata: { name, ...extra },
    spec: { holderIdentity: 'x', ...spec },
  });
  assert.is((await call('GET', `/${name}`)).body['reason'], 'NotFound');
  const created = await call('POST', '', lease());
  assert.is(created.status, 201);
  const rv = (created.body['metadata'] as { resourceVersion: string }).resourceVersion;
  assert.is((await call('POST', '', lease())).body['reason'], 'AlreadyExists');
  const noRv = await call('PUT', `/${name}`, lease());
  assert.equal([noRv.status, noRv.body['reason'], noRv.body['kind']], [422, 'Invalid', 'Status']);
  assert.is((await call('PUT', `/${name}`, lease({ resourceVersion: rv }))).status, 200);
  const stale = await call('PUT', `/${name}`, lease({ resourceVersion: rv }));
  assert.equal([stale.status, stale.body['reason']], [409, 'Conflict']);
  const millis = await call(
    'PUT',
    `/${name}`,
    lease({ resourceVersion: 'x' }, { renewTime: new Date().toISOString() }),
  );
  assert.equal([millis.status, millis.body['reason']], [400, 'BadRequest']);
  const unauth = await fetch(
    `${server.url}/apis/coordination.k8s.io/v1/namespaces/${NS}/leases/${name}`,
  );
  assert.is(unauth.status, 401);
});

const nameCases: [string, string, (n: string) => boolean][] = [
  [
    'valid label kept',
    'integration-service-sync-orders-demo',
    (n) => n === 'integration-service-sync-orders-demo',
  ],
  [
    'dots and colons replaced, hash added',
    'sync-orders:demo.myshopify.com',
    (n) => /^sync-orders-demo-myshopify-com-[0-9a-f]{8}$/.test(n),
  ],
  ['upper case', 'Sync-Orders', (n) => /^sync-orders-[0-9a-f]{8}$/.test(n)],
  [
    'long name shortened to 63',
    `integration-service-sync-orders-${'very-long-shop-name-'.repeat(5)}`,
    (n) => n.length <= 63 && /-[0-9a-f]{8}$/.test(n),
  ],
  ['nothing usable', '::::', (n) => /^lock-[0-9a-f]{8}$/.test(n)],
];
for (const [label, input, check] of nameCases) {
  test(`leaseNameFor: ${label}`, () => {
    const name = leaseNameFor(input);
    assert.ok(check(name), name);
    assert.match(name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
}
test('leaseNameFor: lossy names never collide', () => {
  assert.is.not(leaseNameFor('a.b'), leaseNameFor('a_b'));
});

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test.run();
