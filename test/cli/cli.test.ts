import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { COMMANDS } from '../../src/cli/commands.js';
import { useTestDatabase } from '../support/test-database.js';
import { runCli } from '../../scripts/support/run-cli.js';
import { assertIncludesEach } from '../support/text-assertions.js';

const SECRET_TOKEN = 'shpat_secretsecretsecretsecret1234';
const SECRET_PASSWORD = 'pg-password-never-shown';
const db = useTestDatabase(test, { migrated: false });

test('--version prints the package version', async () => {
  const r = await runCli(['--version']);
  assert.is(r.code, 0);
  assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('--help lists every command; help of a command lists its options', async () => {
  const r = await runCli(['--help']);
  assert.is(r.code, 0);
  assertIncludesEach(
    r.stdout,
    COMMANDS.map((c) => c.name),
  );
  const status = await runCli(['status', '--help']);
  assert.match(status.stdout, /--json prints one object:[\s\S]*recentErrors\[\]/);
  const m = await runCli(['sync-to-shopify', '--help']);
  assert.is(m.code, 0);
  assert.ok(m.stdout.includes('--dry-run'));
});

test('unknown command and unknown flag: usage on stderr, exit 2', async () => {
  const a = await runCli(['sync-everything']);
  assert.is(a.code, 2);
  assert.ok(a.stderr.includes("unknown command 'sync-everything'"));
  assert.ok(a.stderr.includes('Usage: integration-service'));
  const b = await runCli(['sync-orders', '--fast']);
  assert.is(b.code, 2);
  assert.ok(b.stderr.includes("unknown option '--fast'"));
});

test('configuration errors are all reported at once, exit 2, no secret in the output', async () => {
  const r = await runCli(['sync-orders'], {
    SHOPIFY_SHOP: 'not a shop',
    SHOPIFY_ACCESS_TOKEN: SECRET_TOKEN,
    DATABASE_URL: `mysql://app:${SECRET_PASSWORD}@db/x`,
    LOCK_BACKEND: 'etcd',
  });
  assert.is(r.code, 2);
  assertIncludesEach(r.stderr, [
    'SHOPIFY_SHOP',
    'APIX_BASE_URL',
    'APIX_TOKEN',
    'LOCK_BACKEND',
    'DATABASE_URL',
  ]);
  assert.not.ok((r.stdout + r.stderr).includes(SECRET_TOKEN));
  assert.not.ok((r.stdout + r.stderr).includes(SECRET_PASSWORD));
});

test('migrate up, again as a no-op, status, down --all and up again, through the CLI', async () => {
  const env = { DATABASE_URL: db.url };
  const up = await runCli(['migrate', 'up'], env);
  assert.is(up.code, 0, up.stderr);
  assert.match(up.stdout, /applied: \d+_initial-schema/);
  const again = await runCli(['migrate', 'up'], env);
  assert.is(again.code, 0);
  assert.match(again.stdout, /nothing to do/);
  const status = await runCli(['migrate', 'status'], env);
  assert.match(status.stdout, /up to date/);
  const down = await runCli(['migrate', 'down', '--all', '--yes'], env);
  assert.is(down.code, 0, down.stderr);
  assert.match(down.stdout, /undone: /);
  const pending = await runCli(['migrate', 'status'], env);
  assert.match(pending.stdout, /\d+ pending/);
  const up2 = await runCli(['migrate', 'up'], env);
  assert.is(up2.code, 0);
});

test.run();
