import { execFileSync, spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compiledCli, ROOT } from '../../scripts/support/run-cli.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// A slow API X makes the catalogue read last long enough to be interrupted mid-run.
const e2e = useE2eEnvironment(test, { apix: { products: 200, latencyMs: 150 } });

interface Exit {
  code: number | null;
  output: string;
}

/** Starts the CLI (optionally as PID 1 of a new PID namespace); returns the node process's host pid. */
function startRun(main: string, asPid1: boolean): { pid: Promise<number>; exit: Promise<Exit> } {
  const args = [main, 'sync-to-shopify'];
  const child = asPid1
    ? spawn('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, ...args], {
        cwd: ROOT,
        env: { ...process.env, ...e2e.env, APIX_PAGE_SIZE: '10', LOG_FORMAT: 'json' },
      })
    : spawn(process.execPath, args, {
        cwd: ROOT,
        env: { ...process.env, ...e2e.env, APIX_PAGE_SIZE: '10', LOG_FORMAT: 'json' },
      });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<Exit>((resolve) =>
    child.on('close', (code) => resolve({ code, output })),
  );
  const pid = asPid1
    ? (async () => {
        // The node process is unshare's child; inside its namespace it is PID 1.
        for (let i = 0; i < 100; i++) {
          try {
            const found = execFileSync('pgrep', ['-P', String(child.pid)])
              .toString()
              .trim();
            if (found) return Number(found.split('\n')[0]);
          } catch {
            /* not forked yet */
          }
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('node under unshare not found');
      })()
    : Promise.resolve(child.pid ?? 0);
  return { pid, exit };
}

async function waitForRunning(): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const { rows } = await e2e.db.pool.query<{ id: string }>(
      `SELECT id FROM sync_runs WHERE status = 'running' ORDER BY id DESC LIMIT 1`,
    );
    // Wait until the catalogue read is under way, not just the run record.
    if (rows[0] && e2e.apix.requests('GET /v1/products') + e2e.apix.requests('GET /v1/prices') >= 3)
      return rows[0].id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the run never started');
}

async function interruptAndCheck(asPid1: boolean) {
  e2e.apix.resetCounters();
  const run = startRun(await compiledCli(), asPid1);
  const pid = await run.pid;
  const runId = await waitForRunning();
  const sentAt = Date.now();
  process.kill(pid, 'SIGTERM');
  const exit = await run.exit;
  const seconds = (Date.now() - sentAt) / 1000;
  assert.is(exit.code, 143, exit.output.slice(-2000));
  assert.ok(seconds < 20, `stopped within the shutdown timeout (took ${seconds}s)`);
  const { rows } = await e2e.db.pool.query<{ status: string; error: string | null }>(
    `SELECT status, error FROM sync_runs WHERE id = $1`,
    [runId],
  );
  assert.is(rows[0]?.status, 'interrupted');
  assert.match(rows[0]?.error ?? '', /SIGTERM/);
  // The lock was released: a new run gets it at once instead of being skipped.
  const next = await e2e.cli(['sync-to-shopify', '--dry-run']);
  assert.is(next.summary?.['status'], 'succeeded', next.stdout.slice(-1500));
}

test('SIGTERM stops the run at a record boundary: exit 143, run interrupted, lock released', async () => {
  await interruptAndCheck(false);
});

test('the same when the CLI is PID 1 of its own PID namespace (as in a container)', async () => {
  await interruptAndCheck(true);
});

test.run();
