import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The TypeScript entry point, for tests that start the CLI their own way (tsx). */
export const CLI = path.join(ROOT, 'src/cli/main.ts');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const BUILD_INPUTS = ['src', 'migrations', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (p: string): void => {
    const full = path.join(ROOT, p);
    if (statSync(full).isDirectory())
      for (const name of readdirSync(full).sort()) walk(path.join(p, name));
    else hash.update(p).update('\0').update(readFileSync(full));
  };
  BUILD_INPUTS.forEach(walk);
  return hash.digest('hex').slice(0, 16);
}

let built: Promise<string> | null = null;

/**
 * The CLI compiled the way the image runs it (`node dist/src/cli/main.js`), built once per source
 * version under the git-ignored .data/ and shared by every test file (the runner builds it before
 * the files start). Compiled, a CLI start costs about a third of tsx's CPU, and the suite starts
 * the CLI hundreds of times.
 */
export function compiledCli(): Promise<string> {
  built ??= (async () => {
    const dir = path.join(ROOT, '.data', `cli-dist-${sourceHash()}`);
    const main = path.join(dir, 'src/cli/main.js');
    if (existsSync(main)) return main;
    // Parallel builders each build aside and rename; the loser's copy goes.
    const tmp = `${dir}.${process.pid}.tmp`;
    mkdirSync(path.dirname(tmp), { recursive: true });
    await promisify(execFile)(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        tmp,
        '--sourceMap',
        'false',
      ],
      { cwd: ROOT },
    );
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true });
    }
    return main;
  })();
  return built;
}

/**
 * Runs the real (compiled) CLI in a child process with exactly the given environment (plus PATH
 * and HOME), the way an operator or a CronJob runs it. A run past the timeout is killed and
 * rejected as a hang.
 */
export async function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  options: { timeoutMs?: number; onSpawn?: (pid: number) => void } = {},
): Promise<CliResult> {
  const main = await compiledCli();
  const timeoutMs = options.timeoutMs ?? 90_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid) options.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `CLI ${args.join(' ')} did not finish in ${timeoutMs} ms (a hang)\n${stdout.slice(-3000)}\n${stderr.slice(-2000)}`,
        ),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The JSON summary line a job run prints last on stdout, parsed (null when there is none). */
export function summaryOf(stdout: string): Record<string, unknown> | null {
  const last = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"job"'));
  return last ? (JSON.parse(last) as Record<string, unknown>) : null;
}
