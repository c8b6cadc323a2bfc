/**
 * Runs every test file (`test/**\/*.test.ts`) in its own Node process, two at a time, against a
 * real PostgreSQL: DATABASE_URL when set, otherwise an embedded one started here for the run.
 * Each file makes its own database (test/support/test-database.ts), so files never share state.
 * Prints uvu's output per file and one closing line "N passed, N failed".
 *
 *   npm test                      all files
 *   npm test -- lock metrics      only files whose path contains one of the words
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../src/adapters/postgres/embedded-postgres.js';
import { compiledCli } from '../scripts/support/run-cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const concurrency = Number(
  process.env['TEST_CONCURRENCY'] ?? Math.max(1, Math.min(2, os.cpus().length)),
);

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'fixtures' ? [] : findTests(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

const FILE_TIMEOUT_MS = Number(process.env['TEST_FILE_TIMEOUT_MS'] ?? 180_000);

// The folders whose files run longest (15-60 s each: the compiled CLI against simulators, real
// tools) start first, so that the many short files even out the two workers at the end instead
// of one long file running alone (seen: a 37 s file last, the other worker idle).
const LONG_FIRST = [
  'test/e2e/',
  'test/resilience/',
  'test/monitoring/',
  'test/chart/',
  'test/cli/',
];
const rank = (file: string) => {
  const i = LONG_FIRST.findIndex((dir) => file.startsWith(dir));
  return i < 0 ? LONG_FIRST.length : i;
};

const files = findTests(path.join(root, 'test'))
  .map((f) => path.relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));

let databaseUrl = process.env['DATABASE_URL'];
let embedded: { stop(): Promise<void>; started: boolean } | null = null;
if (!databaseUrl) {
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(root, '.data/test-postgres'),
    port: 54329,
  });
  embedded = pg;
  databaseUrl = pg.url;
  console.log(
    `test: embedded PostgreSQL at 127.0.0.1:54329 (${pg.started ? 'started' : 'already running'})`,
  );
} else {
  console.log('test: PostgreSQL from DATABASE_URL');
}

// Tests start the compiled CLI (as the image runs it); build it once before the files start.
const buildStarted = Date.now();
await compiledCli();
console.log(`test: compiled CLI ready (${Date.now() - buildStarted} ms)`);

interface FileResult {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  code: number | null;
  ms: number;
}

function runFile(file: string): Promise<FileResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      env: { ...process.env, TEST_DATABASE_URL: databaseUrl, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // A hung file must not eat CI's time: kill it and count it as failed.
    const fileTimeout = setTimeout(() => {
      out += `\n(test file killed after ${FILE_TIMEOUT_MS} ms)\n`;
      child.kill('SIGKILL');
    }, FILE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(fileTimeout);
      const total = /Total:\s+(\d+)/.exec(out);
      const passed = /Passed:\s+(\d+)/.exec(out);
      const skipped = /Skipped:\s+(\d+)/.exec(out);
      const t = Number(total?.[1] ?? 0);
      const p = Number(passed?.[1] ?? 0);
      const result: FileResult = {
        file,
        passed: p,
        // A file that crashed before uvu summarised still counts as one failure.
        failed: code === 0 ? t - p : Math.max(1, t - p),
        skipped: Number(skipped?.[1] ?? 0),
        code,
        ms: Date.now() - started,
      };
      const status = code === 0 && result.failed === 0 ? 'ok  ' : 'FAIL';
      process.stdout.write(
        `${status} ${file} (${result.passed} passed, ${result.failed} failed, ${result.ms} ms)\n`,
      );
      if (status === 'FAIL') process.stdout.write(out.replace(/^/gm, '    | ') + '\n');
      resolve(result);
    });
  });
}

const queue = [...files];
const results: FileResult[] = [];
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) results.push(await runFile(file));
  }),
);
if (embedded?.started) await embedded.stop();

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
console.log(`\n${files.length} test files, node ${process.version}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || files.length === 0 ? 1 : 0);
