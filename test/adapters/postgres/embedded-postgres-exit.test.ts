import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const module = path.join(root, 'src/adapters/postgres/embedded-postgres.ts');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs a small module that starts an embedded server; resolves with its exit code and output. */
function runScript(body: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', body], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function accepts(port: number): Promise<boolean> {
  const client = new pg.Client({
    connectionString: `postgres://postgres:x@127.0.0.1:${port}/postgres`,
    connectionTimeoutMillis: 1000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    // A wrong password still proves a server answers on the port.
    return !/ECONNREFUSED/.test(String(error));
  }
}

const dirs: string[] = [];
test.after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function scriptFor(dataDir: string, port: number, then: string): string {
  return `import { startEmbeddedPostgres } from ${JSON.stringify(module)};
const pg = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} });
${then}`;
}

test('a process that stopped its embedded PostgreSQL and ends by itself exits 0', async () => {
  // The library's own exit hook failed such an exit with "done is not a function" (code 1): the
  // benches, which end without process.exit, reported failure after printing their figures.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'embedded-exit-'));
  dirs.push(dir);
  const port = await freePort();
  const run = await runScript(scriptFor(path.join(dir, 'data'), port, 'await pg.stop();'));
  assert.is(run.code, 0, run.output);
  assert.not.match(run.output, /done is not a function/);
  assert.is(await accepts(port), false, 'the server stopped');
});

test('a process that exits without stopping its embedded PostgreSQL takes the server with it', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'embedded-exit-'));
  dirs.push(dir);
  const port = await freePort();
  const run = await runScript(
    // The server's child process keeps the event loop alive, so such a process ends by exiting.
    scriptFor(path.join(dir, 'data'), port, 'process.exit(pg.started ? 0 : 3);'),
  );
  assert.is(run.code, 0, run.output);
  // The signal is sent as the process exits; the server needs a moment to shut down.
  let up = true;
  for (let i = 0; i < 100 && up; i++) {
    up = await accepts(port);
    if (up) await new Promise((r) => setTimeout(r, 100));
  }
  assert.is(up, false, 'the server outlived the process that started it');
});

test.run();
