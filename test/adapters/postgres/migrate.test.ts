import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  migrate,
  migrationFiles,
  migrationStatus,
} from '../../../src/adapters/postgres/migrate.js';
import { rejectionOf } from '../../support/rejection-of.js';
import { createTestDatabase } from '../../support/test-database.js';

test('migrate up on an empty database, again as a no-op, down to zero and up again', async () => {
  const db = await createTestDatabase({ migrated: false });
  try {
    const files = migrationFiles();
    assert.ok(files.length > 0);
    assert.equal((await migrationStatus(db.url)).filter((m) => m.appliedAt).length, 0);

    assert.equal(await migrate({ databaseUrl: db.url, direction: 'up' }), files);
    assert.equal(await migrate({ databaseUrl: db.url, direction: 'up' }), []);
    assert.ok((await migrationStatus(db.url)).every((m) => m.appliedAt !== null));
    const tables = await db.pool.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    for (const t of [
      'sync_runs',
      'record_errors',
      'mappings',
      'orders',
      'sync_cursors',
      'bulk_operations',
    ]) {
      assert.ok(
        tables.rows.some((r) => r.t === t),
        `table ${t} exists`,
      );
    }

    assert.equal(
      await migrate({ databaseUrl: db.url, direction: 'down', count: Infinity }),
      [...files].reverse(),
    );
    const left = await db.pool.query(
      `SELECT 1 FROM information_schema.tables WHERE table_name = 'orders'`,
    );
    assert.is(left.rowCount, 0);
    assert.equal(await migrate({ databaseUrl: db.url, direction: 'up' }), files);
  } finally {
    await db.drop();
  }
});

test('the schema enforces its invariants', async () => {
  const db = await createTestDatabase();
  try {
    const bad = [
      `INSERT INTO sync_runs (job, shop, trigger, status, holder) VALUES ('other', 's', 'manual', 'running', 'h')`,
      `INSERT INTO sync_runs (job, shop, trigger, status, holder) VALUES ('sync-orders', 's', 'manual', 'succeeded', 'h')`,
      `INSERT INTO mappings (shop, entity, external_id, shopify_id) VALUES ('s', 'product', 'p1', 'not-a-gid')`,
      `INSERT INTO orders (shop, shopify_id, name, shopify_updated_at, shopify_created_at, normalized, raw, payload_hash, push_state)
         VALUES ('s', 'gid://shopify/Order/1', '#1', now(), now(), '{}', '{}', 'h', 'pushed')`,
    ];
    for (const sql of bad) {
      let failed = false;
      await db.pool.query(sql).catch(() => (failed = true));
      assert.ok(failed, `rejected: ${sql}`);
    }
  } finally {
    await db.drop();
  }
});

test('migrationStatus against a server that never answers fails after its connect timeout', async () => {
  // Accepts TCP and says nothing: every job asks migrationStatus first, so without a connect
  // timeout a black-holed PostgreSQL hung the job here. The guard turns a hang into a failure.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => sockets.add(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  let guard: NodeJS.Timeout | undefined;
  try {
    const error = await Promise.race([
      rejectionOf(
        migrationStatus(`postgres://nobody@127.0.0.1:${port}/nothing`, { connectTimeoutMs: 100 }),
      ),
      new Promise((resolve) => {
        guard = setTimeout(() => resolve(new Error('guard: still connecting after 15 s')), 15_000);
      }),
    ]);
    assert.instance(error, Error);
    assert.match((error as Error).message, /timeout/);
  } finally {
    clearTimeout(guard);
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test.run();
