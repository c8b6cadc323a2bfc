import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { firstClosedFolder, type FolderMode } from '../../src/adapters/postgres/folder-access.js';
import { startEmbeddedPostgres } from '../../src/adapters/postgres/embedded-postgres.js';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { lookAroundCommand } from '../../scripts/demo.js';
import { ROOT, runCli } from '../../scripts/support/run-cli.js';
import { withDatabase } from '../../scripts/support/database-url.js';
import { createTestDatabase, serverUrl, useTestDatabase } from '../support/test-database.js';

// What a developer meets running the service on their own machine: a database not created yet,
// an old schema under the worker, a root shell in /root, the demo's closing hint, and a worker
// started from a checkout that must stop on SIGTERM.

// The file's shared, migrated database, for the tests that only read it or start a worker on it.
// Two keep their own (createTestDatabase): migrate down undoes every migration, and the worker's
// refusal needs one with none applied; the demo's first test needs a server of its own.
const db = useTestDatabase(test);

test('migrate up against a database that does not exist says how to create it', async () => {
  // The server's own password when it has one (the embedded server checks it, and a wrong one is
  // refused before the database is looked up); a made-up one on a trust server.
  const url = new URL(withDatabase(serverUrl(), 'not_created_yet'));
  if (!url.password) url.password = 'pw-secret-123';
  const secret = decodeURIComponent(url.password);
  const r = await runCli(['migrate', 'up'], { DATABASE_URL: url.toString() });
  assert.is(r.code, 1, r.stdout + r.stderr);
  const line = r.stderr.split('\n').find((l) => l.startsWith('integration-service: ')) ?? '';
  assert.match(line, /database "not_created_yet" does not exist/);
  assert.match(line, /CREATE DATABASE "not_created_yet"/);
  // The psql line points at the server's maintenance database, without the password.
  const psqlUrl = /psql "([^"]+)"/.exec(line)?.[1] ?? '';
  assert.is(new URL(psqlUrl).pathname, '/postgres');
  assert.not.ok((r.stdout + r.stderr).includes(secret));
});

test('migrate down: --dry-run lists, no --yes refuses and changes nothing, --yes undoes', async () => {
  const db = await createTestDatabase();
  try {
    const env = { DATABASE_URL: db.url };
    const applied = async () =>
      (await db.pool.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id')).rows
        .length;
    const before = await applied();
    assert.ok(before > 0);
    const dry = await runCli(['migrate', 'down', '--dry-run'], env);
    assert.is(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /dry run: would undo \d+_[\w-]+; nothing changed/);
    const refused = await runCli(['migrate', 'down', '--all'], env);
    assert.is(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /would undo .*--yes/s);
    assert.is(await applied(), before);
    const upDry = await runCli(['migrate', 'up', '--dry-run'], env);
    assert.match(upDry.stdout, /nothing to do/);
    const down = await runCli(['migrate', 'down', '--all', '--yes'], env);
    assert.is(down.code, 0, down.stderr);
    assert.match(down.stdout, /^undone: /);
    assert.is(await applied(), 0);
  } finally {
    await db.drop();
  }
});

/** A worker's configuration; API X is never reached in these tests. */
const workerEnv = (databaseUrl: string): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  SHOPIFY_SHOP: 'w.myshopify.com',
  SHOPIFY_ACCESS_TOKEN: 'shpat_x',
  APIX_BASE_URL: 'http://127.0.0.1:9',
  APIX_TOKEN: 'x',
  LOCK_BACKEND: 'postgres',
});

test('worker refuses to start on a database with pending migrations', async () => {
  const db = await createTestDatabase({ migrated: false });
  try {
    const r = await runCli(['worker'], workerEnv(db.url));
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, /migration\(s\) not applied .*run 'integration-service migrate up'/);
    const { rows } = await db.pool.query<{ t: string | null }>(
      `SELECT to_regclass('sync_runs') AS t`,
    );
    assert.is(rows[0]?.t, null, 'the worker created nothing');
  } finally {
    await db.drop();
  }
});

const folders = (modes: Record<string, FolderMode>) => (folder: string) => modes[folder] ?? null;
const dir = (uid: number, gid: number, mode: number): FolderMode => ({ uid, gid, mode });
const POSTGRES = { uid: 105, gid: 110 };
const closedRows: [string, string, Record<string, FolderMode>, string | null][] = [
  [
    'a 0700 /root blocks',
    '/root/app/.data/postgres',
    { '/': dir(0, 0, 0o755), '/root': dir(0, 0, 0o700), '/root/app': dir(0, 0, 0o755) },
    '/root',
  ],
  [
    'world-searchable folders pass; missing ones end the walk',
    '/srv/app/.data/postgres',
    { '/': dir(0, 0, 0o755), '/srv': dir(0, 0, 0o711) },
    null,
  ],
  [
    "the owner's bit counts for the owner",
    '/home/pg/data',
    { '/': dir(0, 0, 0o755), '/home': dir(0, 0, 0o755), '/home/pg': dir(105, 110, 0o700) },
    null,
  ],
  [
    "the group's bit for the group, not the others' bit",
    '/opt/x/data',
    { '/': dir(0, 0, 0o755), '/opt': dir(0, 0, 0o755), '/opt/x': dir(0, 110, 0o701) },
    '/opt/x',
  ],
];
for (const [name, target, modes, expected] of closedRows) {
  test(`firstClosedFolder: ${name}`, () => {
    assert.is(firstClosedFolder(target, POSTGRES, folders(modes))?.folder ?? null, expected);
  });
}

// Only root hands the server to the postgres user; elsewhere the folder is the user's own.
if (process.getuid?.() === 0) {
  test('as root, an embedded PostgreSQL under a 0700 folder names the folder and what to do', async () => {
    const locked = path.join(ROOT, '.data', `locked-${process.pid}`);
    mkdirSync(locked, { recursive: true });
    chmodSync(locked, 0o700);
    try {
      const r = await runCli(['status'], {
        EMBEDDED_POSTGRES_DIR: path.join(locked, 'pg', 'data'),
        EMBEDDED_POSTGRES_PORT: String(55_000 + (process.pid % 1000)),
      });
      assert.is(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`cannot enter ${locked} \\(mode 0700\\)`));
      assert.match(r.stderr, /set DATABASE_URL/);
      assert.not.match(r.stderr, /^integration-service: .*EACCES$/m);
    } finally {
      rmSync(locked, { recursive: true, force: true });
    }
  });
}

/** Runs a documented shell line in the checkout and returns its exit code and output. */
function shell(line: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

test("the demo's closing command works once the demo's embedded PostgreSQL has stopped", async () => {
  const dir = path.join(ROOT, '.data', `demo-look-${process.pid}`);
  const port = 56_000 + (process.pid % 1000);
  const server = await startEmbeddedPostgres({ dataDir: dir, port });
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE look_demo');
    await admin.end();
    await migrate({ databaseUrl: withDatabase(server.url, 'look_demo'), direction: 'up' });
  } finally {
    await server.stop();
  }
  try {
    const line = lookAroundCommand({
      serverUrl: server.url,
      database: 'look_demo',
      embedded: { dir, port },
    });
    assert.not.match(line, /:\*\*\*@|integration-service-local/);
    const r = await shell(line);
    assert.is(r.code, 0, r.out);
    assert.match(r.out, /none yet/);
  } finally {
    // The CLI started the server again; it stops when the CLI exits. Nothing of ours remains.
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the demo's closing command for a server URL drops the password and works", async () => {
  const name = new URL(db.url).pathname.slice(1);
  const line = lookAroundCommand({ serverUrl: serverUrl(), database: name });
  const withPassword = lookAroundCommand({
    serverUrl: 'postgres://app:s3cret-pw@db.internal:5432/postgres',
    database: 'integration_demo',
  });
  assert.is(
    withPassword,
    "PGPASSWORD=<its password> DATABASE_URL='postgres://app@db.internal:5432/integration_demo' node --import tsx src/cli/main.ts status",
  );
  // The hint names the variable and leaves its value to the reader; give it the real one.
  const password = decodeURIComponent(new URL(serverUrl()).password);
  const r = await shell(line.replace('PGPASSWORD=<its password> ', `PGPASSWORD='${password}' `));
  assert.is(r.code, 0, r.out);
});

function childrenOf(pid: number): { pid: number; command: string }[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [p = '', ...rest] = l.trim().split(/\s+/);
        return { pid: Number(p), command: rest.join(' ') };
      });
  } catch {
    return [];
  }
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (alive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('README: the worker started from a checkout is one node process, and SIGTERM stops it', async () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const line = /^(node --import tsx src\/cli\/main\.ts worker)\b.*$/m.exec(readme)?.[1];
  assert.ok(line, 'README shows how to start the worker from a checkout');
  const [cmd = '', ...args] = line.split(' ');
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], ...workerEnv(db.url), LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const started = new Promise<void>((resolve) =>
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('worker: sync-orders on')) resolve();
    }),
  );
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await Promise.race([started, exited]);
    // The process we signal runs the worker itself: its only children are helpers that end
    // with it (tsx's esbuild service), never the worker behind a launcher.
    const children = childrenOf(child.pid ?? 0);
    assert.not.ok(
      children.some((c) => /\bnode\b/.test(c.command)),
      JSON.stringify(children),
    );
    child.kill('SIGTERM');
    assert.is(await exited, 143, err.slice(-2000));
    // esbuild's service ends when it reads end-of-file on the pipe from the dead worker, a
    // moment after the worker's exit: wait for that, bounded, instead of racing it.
    for (const c of children)
      assert.ok(await gone(c.pid, 10_000), `${c.command} outlived the worker by 10 s`);
  } finally {
    child.kill('SIGKILL');
  }
});

test.run();
