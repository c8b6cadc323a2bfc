import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../../src/infra/package-root.js';

/** A real Prometheus Pushgateway (from .tools/bin) on a free loopback port, for one test file. */
export interface PushgatewayProcess {
  readonly url: string;
  /** Pushed samples, parsed from the gateway's own /metrics exposition. */
  samples(): Promise<Sample[]>;
  stop(): Promise<void>;
}

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `port`: a fixed one (a restart on the same address); `persist: false` starts empty every time. */
export async function startPushgateway(
  options: { port?: number; persist?: boolean } = {},
): Promise<PushgatewayProcess> {
  const binary = path.join(packageRoot(), '.tools/bin/prometheus-pushgateway');
  if (!existsSync(binary))
    throw new Error(`${binary} is missing: run make tools (bash scripts/fetch-tools.sh)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pushgateway-'));
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(
    binary,
    [
      `--web.listen-address=127.0.0.1:${port}`,
      // Debian's build persists to /var/lib/prometheus by default: an empty value turns it off.
      `--persistence.file=${options.persist === false ? '' : path.join(dir, 'data')}`,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`pushgateway did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async samples() {
      const text = await (await fetch(`${url}/metrics`)).text();
      return parseExposition(text);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Prometheus text format, enough for the gateway's output (no escaped quotes in our labels). */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m?.[1] || m[3] === undefined) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1] ?? ''] = l[2] ?? '';
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}
