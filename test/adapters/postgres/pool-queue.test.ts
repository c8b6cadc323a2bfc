/**
 * createPool with a small DATABASE_POOL_MAX (issue 19: 2-3 connections a job): a query that
 * finds every connection busy waits its turn, however long the holders take; the connect timeout
 * bounds only opening a connection to the server.
 */
import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPool } from '../../../src/adapters/postgres/pool.js';
import { useTestDatabase } from '../../support/test-database.js';

const db = useTestDatabase(test, { migrated: false });

test('a query queued behind busy connections waits past the connect timeout, then runs', async () => {
  const pool = createPool({ connectionString: db.url, max: 1, connectTimeoutMs: 1000 });
  try {
    const holder = await pool.connect();
    const queued = pool.query<{ n: number }>('SELECT 1 AS n');
    // Held 2.5x the connect timeout. pg-pool applies its connectionTimeoutMillis to the queue
    // too: with it on the pool, the queued query fails "timeout exceeded when trying to connect".
    let settled = false;
    void queued.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const waitedPastTimeout = !settled;
    holder.release();
    assert.ok(waitedPastTimeout, 'the queued query must still wait for the held connection');
    const { rows } = await queued;
    assert.equal(rows, [{ n: 1 }]);
  } finally {
    await pool.end();
  }
});

test('opening a connection to a server that never answers still fails after the connect timeout', async () => {
  // Accepts TCP and says nothing: what a black-holed PostgreSQL looks like to the client.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => sockets.add(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  const pool = createPool({
    connectionString: `postgres://nobody@127.0.0.1:${port}/nothing`,
    max: 1,
    connectTimeoutMs: 100,
  });
  try {
    await pool.query('SELECT 1').then(
      () => assert.unreachable('connected to a silent server'),
      (error: unknown) => assert.instance(error, Error),
    );
  } finally {
    await pool.end();
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test.run();
