import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/test-database.js';

// Issue #16 item 3: the database is replaced by an empty one, or restored from an old backup, while
// API X keeps every order it received. The next runs must leave every order in API X at its latest
// version, none dead, none duplicated, with nothing for an operator to do.

const e2e = useE2eEnvironment(test, { apix: { products: 3 } });
const extra: TestDatabase[] = [];
const backups: string[] = [];
const env = { APIX_MAX_RETRIES: '0', ORDERS_MAX_ATTEMPTS: '3' };

// The databases the tests made beside the environment's (it drops its own).
test.after(async () => {
  await Promise.allSettled(extra.map((db) => db.drop()));
  await admin(async (c) => {
    for (const name of backups) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
});

async function sync(url: string) {
  const r = await e2e.cli(['sync-orders'], { ...env, DATABASE_URL: url });
  assert.is(r.code, 0, r.stderr.slice(-3000));
  return r;
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl() });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

const databaseOf = (url: string) => new URL(url).pathname.slice(1);

/**
 * A backup: a copy of the database as it is now, made by the server itself (CREATE DATABASE ...
 * TEMPLATE), so it works whatever the server's version; a pg_dump client must match the server's
 * major version, and the embedded server is newer than the machine's client tools. A template copy
 * needs the source to itself: the test's idle connections are closed (the pool reconnects).
 */
async function backup(url: string): Promise<string> {
  const name = `backup_${randomBytes(4).toString('hex')}`;
  await admin(async (c) => {
    await c.query(
      // Waiting for each to exit (the timeout, PostgreSQL 14+): a template must have no users.
      `SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [databaseOf(url)],
    );
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${databaseOf(url)}`);
  });
  backups.push(name);
  return name;
}

/** A new database restored from `backup`. */
async function restored(backupName: string): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrated: false });
  extra.push(db);
  // Nothing has connected to the fresh database yet (its pool connects on first use).
  await admin(async (c) => {
    await c.query(`DROP DATABASE ${databaseOf(db.url)}`);
    await c.query(`CREATE DATABASE ${databaseOf(db.url)} TEMPLATE ${backupName}`);
  });
  return db;
}

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  extra.push(db);
  return db;
}

interface Received {
  updatedAt: string;
  status: { cancelledAt: string | null; financialStatus: string | null };
}

/** Every Shopify order is in API X once, its last version is Shopify's current one, no version twice. */
function assertApixHoldsLatest(ids: readonly string[]) {
  assert.is(e2e.apix.orders.list().length, ids.length, 'one API X order per Shopify order');
  for (const id of ids) {
    const held = e2e.apix.orders.byExternalId(id);
    const shopify = e2e.shopify.orders.get(id);
    assert.ok(held && shopify, id);
    if (!held || !shopify) return;
    const last = held.versions.at(-1) as Received;
    assert.is(Date.parse(last.updatedAt), shopify.updatedAt, `${id} is at its latest version`);
    assert.is(last.status.cancelledAt === null, shopify.cancelledAt === null, id);
    const bodies = held.versions.map((v) => JSON.stringify(v));
    assert.is(new Set(bodies).size, bodies.length, `${id}: no version received twice`);
  }
}

async function assertNoneDead(db: TestDatabase) {
  const { rows } = await db.pool.query<{ push_state: string; n: string }>(
    `SELECT push_state, count(*) AS n FROM orders GROUP BY 1`,
  );
  const states = Object.fromEntries(rows.map((r) => [r.push_state, Number(r.n)]));
  assert.equal(states, { pushed: e2e.apix.orders.list().length });
}

let ids: string[] = [];
let oldBackup = '';

test('history: orders pushed, backed up, then updated and pushed again', async () => {
  ids = e2e.shopify.orders.seed(6);
  await sync(e2e.env.DATABASE_URL ?? '');
  oldBackup = await backup(e2e.env.DATABASE_URL ?? '');
  const [a, b, c, d] = ids;
  if (!a || !b || !c || !d) throw new Error('seed gave fewer orders');
  e2e.shopify.orders.cancel(a, 'CUSTOMER');
  e2e.shopify.orders.refund(b, '4.00');
  await sync(e2e.env.DATABASE_URL ?? '');
  e2e.shopify.orders.fulfil(c);
  e2e.shopify.orders.refund(b);
  await sync(e2e.env.DATABASE_URL ?? '');
  // Changed in Shopify, not yet pushed when the database goes.
  e2e.shopify.orders.fulfil(d);
  assert.ok((e2e.apix.orders.byExternalId(b)?.versions.length ?? 0) >= 3);
});

test('an empty database: the next run brings API X to the latest versions, none dead', async () => {
  const db = await emptyDatabase();
  await sync(db.url);
  assertApixHoldsLatest(ids);
  await assertNoneDead(db);
  const versions = e2e.apix.orders.list().map((o) => o.versions.length);
  await sync(db.url);
  assert.equal(
    e2e.apix.orders.list().map((o) => o.versions.length),
    versions,
    'a rerun sends nothing new',
  );
});

test('a database restored from a backup older than the last pushes: same end state', async () => {
  const [, , c, , e] = ids;
  if (!c || !e) throw new Error('seed gave fewer orders');
  e2e.shopify.orders.refund(c);
  e2e.shopify.orders.cancel(e, 'FRAUD');
  const db = await restored(oldBackup);
  await sync(db.url);
  assertApixHoldsLatest(ids);
  await assertNoneDead(db);
  const { rows } = await db.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM record_errors WHERE entity = 'order'`,
  );
  assert.is(Number(rows[0]?.n), 0, 'nothing for a person to look at');
});

test('new orders after the loss still arrive once', async () => {
  const db = await emptyDatabase();
  const fresh = e2e.shopify.orders.seed(2);
  await sync(db.url);
  ids = [...ids, ...fresh];
  assertApixHoldsLatest(ids);
  await assertNoneDead(db);
});

test.run();
