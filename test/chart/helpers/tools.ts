import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHART_DIR = path.join(ROOT, 'charts/integration-service');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A real binary from .tools/bin; the tests never skip when it is missing, they fail and say how to get it. */
export function tool(
  name: 'helm' | 'kubectl' | 'promtool',
  binDir = path.join(ROOT, '.tools/bin'),
): string {
  const file = path.join(binDir, name);
  if (!existsSync(file))
    throw new Error(`${name} not found at ${file}: run make tools (bash scripts/fetch-tools.sh)`);
  return file;
}

export function run(
  file: string,
  args: readonly string[],
  env: Record<string, string> = {},
): RunResult {
  const r = spawnSync(file, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
    // A release with hundreds of stores renders several MB (spawnSync's default stops at 1 MB).
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}
