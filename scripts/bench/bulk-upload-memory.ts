/**
 * `npx tsx scripts/bench/bulk-upload-memory.ts [--mb N]`: what a staged upload of a bulk JSONL
 * file costs in memory (issue 19: peak RSS under the image's heap cap). Writes an N MB file
 * (default 90, the size of one bulk file), then uploads it in fresh processes, alternately, to a
 * storage stand-in in another process that reads 64 KB a millisecond (a host slower than the
 * disk, as a real one is: against an instant sink no client gets ahead of the socket):
 * - fetch: FormData with the file as a Blob (openAsBlob), as start-mutation.ts did;
 * - postFile: multipart-upload.ts (node:http, the file read into four reused 64 KB buffers).
 * Prints each upload's peak RSS and external memory over its process's baseline.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postFile } from '../../src/adapters/shopify/bulk/multipart-upload.js';

const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const MB = 1024 * 1024;

const SINK = `
const http = require('node:http');
const server = http.createServer(async (req, res) => {
  let n = 0;
  for await (const d of req) { n += d.length; await new Promise((r) => setTimeout(r, 1)); }
  res.writeHead(204).end();
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

async function child(method: string, url: string, file: string): Promise<void> {
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakExternal = base.external;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakExternal = Math.max(peakExternal, m.external);
  }, 5);
  const started = performance.now();
  let status: number;
  if (method === 'fetch') {
    const form = new FormData();
    form.append('key', 'k');
    form.append('file', await openAsBlob(file, { type: 'text/jsonl' }), 'product-set.jsonl');
    const response = await fetch(url, { method: 'POST', body: form });
    await response.body?.cancel();
    status = response.status;
  } else {
    status = (
      await postFile(url, [['key', 'k']], {
        path: file,
        filename: 'product-set.jsonl',
        contentType: 'text/jsonl',
      })
    ).status;
  }
  clearInterval(timer);
  process.stdout.write(
    JSON.stringify({
      method,
      status,
      seconds: ((performance.now() - started) / 1000).toFixed(1),
      'base RSS MB': (base.rss / MB).toFixed(0),
      'peak RSS over base MB': ((peakRss - base.rss) / MB).toFixed(1),
      'peak external over base MB': ((peakExternal - base.external) / MB).toFixed(1),
    }) + '\n',
  );
}

function run(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
    p.stdin.end(input ?? '');
  });
}

async function main(): Promise<void> {
  const mb = Number(arg('--mb') ?? 90);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bulk-upload-memory-'));
  const file = path.join(dir, 'product-set.jsonl');
  const sink = spawn(process.execPath, ['-e', SINK], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const out = createWriteStream(file);
    const line = JSON.stringify({ input: { title: 'x'.repeat(1900) } }) + '\n';
    for (let written = 0; written < mb * MB; written += line.length)
      if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((r) => out.end(() => r()));
    const port = await new Promise<string>((resolve) =>
      sink.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
    );
    const self = fileURLToPath(import.meta.url);
    console.log(`bulk-upload-memory: ${mb} MB file, node ${process.version}`);
    for (const method of ['fetch', 'postFile', 'fetch', 'postFile'])
      process.stdout.write(
        await run([
          '--import',
          'tsx',
          self,
          '--child',
          method,
          '--url',
          `http://127.0.0.1:${port}/upload`,
          '--file',
          file,
        ]),
      );
  } finally {
    sink.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

const method = arg('--child');
if (method) await child(method, arg('--url') ?? '', arg('--file') ?? '');
else await main();
