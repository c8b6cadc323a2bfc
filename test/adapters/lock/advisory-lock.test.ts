import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { advisoryLockKey, createAdvisoryLock } from '../../../src/adapters/lock/advisory-lock.js';
import { UpstreamError } from '../../../src/domain/errors.js';
import type { HeldLock, LockAttempt } from '../../../src/domain/ports/lock.js';
import { useTestDatabase } from '../../support/test-database.js';
import { silent } from '../../support/silent-logger.js';

const RACER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'advisory-lock-racer.ts');

const db = useTestDatabase(test, { migrated: false });
const locker = (identity: string, checkEverySeconds?: number) =>
  createAdvisoryLock({
    connectionString: db.url,
    identity,
    logger: silent,
    ...(checkEverySeconds ? { checkEverySeconds } : {}),
  });

function held(attempt: LockAttempt): HeldLock {
  if (!attempt.acquired) throw new Error(`expected to acquire, held by ${attempt.holder}`);
  return attempt.held;
}

// Pinned: a changed key would let an old and a new version run side by side during a rollout.
const keyCases: [string, bigint][] = [
  ['integration-service-sync-orders-demo', 8788286087781102740n],
  ['', -2039914840885289964n],
];
for (const [name, expected] of keyCases) {
  test(`advisoryLockKey is stable: "${name}"`, () => {
    assert.is(advisoryLockKey(name), expected);
    assert.ok(advisoryLockKey(name) >= -(2n ** 63n) && advisoryLockKey(name) < 2n ** 63n);
  });
}
test('advisoryLockKey differs between names', () => {
  assert.is.not(advisoryLockKey('sync-orders-a'), advisoryLockKey('sync-orders-b'));
});

test('acquire; a second locker learns who holds it and since when; release frees it', async () => {
  const a = held(await locker('pod-a').tryAcquire('sync-orders-demo'));
  const attempt = await locker('pod-b').tryAcquire('sync-orders-demo');
  assert.is(attempt.acquired, false);
  if (attempt.acquired) return;
  assert.is(attempt.holder, 'pod-a');
  assert.ok(
    attempt.since !== null && !Number.isNaN(Date.parse(attempt.since)),
    String(attempt.since),
  );
  assert.ok(Date.now() - Date.parse(attempt.since ?? '') < 60_000);
  // A different name is independent.
  const other = held(await locker('pod-b').tryAcquire('sync-to-shopify-demo'));
  await other.release();
  await a.release();
  const b = held(await locker('pod-b').tryAcquire('sync-orders-demo'));
  await b.release();
});

test('the lock lives on a dedicated connection that is closed on release', async () => {
  const lock = held(await locker('pod-dedicated').tryAcquire('dedicated'));
  const sessions = async () =>
    (
      await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'integration-service:pod-dedicated'`,
      )
    ).rows[0]?.n;
  assert.is(await sessions(), 1);
  await lock.release();
  assert.is(await sessions(), 0);
  assert.is(lock.lost.aborted, false);
});

test('two lockers racing in one process: exactly one wins every round', async () => {
  const a = locker('pod-a');
  const b = locker('pod-b');
  for (let round = 0; round < 25; round++) {
    const [ra, rb] = await Promise.all([a.tryAcquire('race'), b.tryAcquire('race')]);
    assert.is([ra, rb].filter((r) => r.acquired).length, 1, `round ${round}`);
    const loser = ra.acquired ? rb : ra;
    if (!loser.acquired) assert.is(loser.holder, ra.acquired ? 'pod-a' : 'pod-b');
    await held(ra.acquired ? ra : rb).release();
  }
});

interface Racer {
  readonly identity: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly attempt: Promise<{ acquired: boolean; holder?: string; since?: string | null }>;
  readonly exited: Promise<number | null>;
}

function startRacer(identity: string, name: string): Racer {
  const child = spawn(process.execPath, ['--import', 'tsx', RACER, db.url, name, identity], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const attempt = new Promise<{ acquired: boolean; holder?: string; since?: string | null }>(
    (resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) resolve(JSON.parse(line) as { acquired: boolean });
      });
      child.on('exit', () =>
        reject(new Error(`racer ${identity} exited without an answer: ${err}`)),
      );
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { identity, child, attempt, exited };
}

test('two OS processes racing: exactly one wins, the loser names the winner', async () => {
  for (let round = 0; round < 3; round++) {
    const racers = [
      startRacer(`proc-a-${round}`, 'os-race'),
      startRacer(`proc-b-${round}`, 'os-race'),
    ];
    const attempts = await Promise.all(racers.map((r) => r.attempt));
    const winners = racers.filter((_, i) => attempts[i]?.acquired);
    assert.is(winners.length, 1, JSON.stringify(attempts));
    const winner = winners[0] as Racer;
    const loser = attempts.find((a) => !a.acquired);
    assert.is(loser?.holder, winner.identity);
    assert.type(loser?.since, 'string');
    winner.child.stdin.write('release\n');
    assert.equal(await Promise.all(racers.map((r) => r.exited)), [0, 0]);
  }
});

test('a holder process killed with SIGKILL frees the lock', async () => {
  const racer = startRacer('proc-doomed', 'killed');
  assert.is((await racer.attempt).acquired, true);
  const blocked = await locker('pod-next').tryAcquire('killed');
  assert.is(blocked.acquired ? 'acquired' : blocked.holder, 'proc-doomed');
  racer.child.kill('SIGKILL');
  await racer.exited;
  // The server notices the dead socket at once on loopback; allow a moment for the backend to exit.
  let attempt = await locker('pod-next').tryAcquire('killed');
  for (let i = 0; i < 50 && !attempt.acquired; i++) {
    await new Promise((r) => setTimeout(r, 100));
    attempt = await locker('pod-next').tryAcquire('killed');
  }
  await held(attempt).release();
});

function lostReason(lock: HeldLock, ms = 5000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error('lost never aborted')), ms);
    const done = () => {
      clearTimeout(guard);
      resolve((lock.lost.reason as Error).message);
    };
    // The abort may already have happened while the terminating query was answering.
    if (lock.lost.aborted) done();
    else lock.lost.addEventListener('abort', done);
  });
}

test('lost aborts when the lock connection is terminated', async () => {
  const lock = held(await locker('pod-terminated', 0.2).tryAcquire('terminated'));
  const key = BigInt.asUintN(64, advisoryLockKey('terminated'));
  // The timeout (PostgreSQL 14+) waits until the backend has exited, and so let go of the lock:
  // without it the next tryAcquire below raced the dying backend and, under load, lost.
  const terminated = await db.pool.query<{ ok: boolean }>(
    `SELECT pg_terminate_backend(pid, 10000) AS ok FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND classid::bigint = $1 AND objid::bigint = $2`,
    [(key >> 32n).toString(), (key & 0xffffffffn).toString()],
  );
  assert.equal(terminated.rows, [{ ok: true }]);
  assert.match(await lostReason(lock), /lost: the (lock's )?database connection/);
  await lock.release();
  const next = held(await locker('pod-after').tryAcquire('terminated'));
  await next.release();
});

test('lost aborts when the connection silently stops answering (probe with timeout)', async () => {
  // A TCP relay to Postgres that can start swallowing bytes: a network partition, no FIN, no RST.
  const target = new URL(db.url);
  let blackhole = false;
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
    }
    client.on('data', (d) => blackhole || upstream.write(d));
    upstream.on('data', (d) => blackhole || client.write(d));
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  try {
    const via = new URL(db.url);
    via.hostname = '127.0.0.1';
    via.port = String((relay.address() as net.AddressInfo).port);
    const lock = held(
      await createAdvisoryLock({
        connectionString: via.toString(),
        identity: 'pod-partitioned',
        logger: silent,
        checkEverySeconds: 0.1,
        timeoutMs: 300,
      }).tryAcquire('partitioned'),
    );
    blackhole = true;
    assert.match(await lostReason(lock), /stopped answering/);
    await lock.release();
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  }
});

test('an unreachable database is an UpstreamError without the password', async () => {
  const lock = createAdvisoryLock({
    connectionString: 'postgres://app:topsecretpw@127.0.0.1:1/app',
    identity: 'x',
    logger: silent,
    timeoutMs: 2000,
  });
  const error = await lock.tryAcquire('x').then(
    () => null,
    (e: unknown) => e,
  );
  assert.instance(error, UpstreamError);
  assert.not.ok((error as Error).message.includes('topsecretpw'));
  assert.match((error as Error).message, /app:\*\*\*@127\.0\.0\.1:1/);
});

test.run();
