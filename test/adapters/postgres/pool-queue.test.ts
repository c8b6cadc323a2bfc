/**
 * createPool with a small DATABASE_POOL_MAX (issue 19: 2-3 connections a job): a query that finds
 * every connection busy waits past the connect timeout for its turn, but not without limit (one
 * statement timeout plus one connect timeout), and then fails with an error naming
 * DATABASE_POOL_MAX; opening a connection to a silent server fails after the connect timeout.
 * Every wait is raced against a generous guard, so a lost timeout fails the test instead of
 * hanging it; nothing asserts how long anything took.
 */
import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPool, type PoolOptions } from '../../../src/adapters/postgres/pool.js';
import { useTestDatabase } from '../../support/test-database.js';

const db = useTestDatabase(test, { migrated: false });

const GUARD_MS = 15_000;

/** `work`, or a rejection naming the guard if it has not settled within GUARD_MS. */
async function guarded<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`guard: not settled in ${GUARD_MS} ms`)), GUARD_MS);
  });
  try {
    return await Promise.race([work, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** The error `work` rejects with (within the guard); fails the test if it resolves. */
async function rejection(work: Promise<unknown>): Promise<Error> {
  return guarded(work).then(
    () => assert.unreachable('expected a rejection') as never,
    (error: unknown) => {
      assert.instance(error, Error);
      return error as Error;
    },
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `use` of a one-connection pool on the test database (unless `options` say otherwise), ended after. */
async function withPool(
  options: Partial<PoolOptions>,
  use: (pool: ReturnType<typeof createPool>) => Promise<void>,
): Promise<void> {
  const pool = createPool({ connectionString: db.url, max: 1, ...options });
  try {
    await use(pool);
  } finally {
    await pool.end();
  }
}

test('a query queued behind busy connections waits past the connect timeout, then runs', async () => {
  // Room for a slow handshake on a loaded machine; the hold below is 3x this.
  await withPool({ connectTimeoutMs: 400, statementTimeoutMs: 5000 }, async (pool) => {
    const holder = await guarded(pool.connect());
    const queued = pool.query<{ n: number }>('SELECT 1 AS n');
    let settled = false;
    const observed = queued.then(
      () => (settled = true),
      () => (settled = true),
    );
    // Held past the connect timeout: a pool that applied the connect timeout to the queue
    // would have failed the queued query by now.
    await sleep(1200);
    assert.not.ok(settled, 'the queued query must still wait for the held connection');
    holder.release();
    const { rows } = await guarded(queued);
    await observed;
    assert.equal(rows, [{ n: 1 }]);
  });
});

test('a query waiting longer than one statement and one connect fails, naming DATABASE_POOL_MAX', async () => {
  // The holder's own connect must not time out on a loaded machine; the queue cap is 2.1 s.
  await withPool({ connectTimeoutMs: 2000, statementTimeoutMs: 100 }, async (pool) => {
    const holder = await guarded(pool.connect());
    try {
      const error = await rejection(pool.query('SELECT 1'));
      assert.match(error.message, /timeout/);
      assert.match(error.message, 'DATABASE_POOL_MAX');
      const viaConnect = await rejection(pool.connect());
      assert.match(viaConnect.message, 'DATABASE_POOL_MAX');
    } finally {
      holder.release();
    }
  });
});

test('connections end a transaction left idle after the statement timeout', async () => {
  await withPool({ statementTimeoutMs: 5000 }, async (pool) => {
    const { rows } = await guarded(
      pool.query<{ idle_in_transaction_session_timeout: string }>(
        'SHOW idle_in_transaction_session_timeout',
      ),
    );
    assert.equal(rows, [{ idle_in_transaction_session_timeout: '5s' }]);
  });
});

test('opening a connection to a server that never answers fails after the connect timeout', async () => {
  // Accepts TCP and says nothing: what a black-holed PostgreSQL looks like to the client.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => sockets.add(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  try {
    await withPool(
      { connectionString: `postgres://nobody@127.0.0.1:${port}/nothing`, connectTimeoutMs: 100 },
      async (pool) => {
        const error = await rejection(pool.query('SELECT 1'));
        assert.match(error.message, /timeout/);
      },
    );
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test.run();
