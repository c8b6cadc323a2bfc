import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, type CliResult } from '../../support/run-cli.js';

/**
 * The CLI compiled the way the image runs it (`node dist/src/cli/main.js`), built once per source
 * version under the git-ignored .data/ and shared by every resilience file. These files start the
 * CLI well over a hundred times (kill points); compiled, each start costs about a third of tsx's
 * CPU, which keeps the suite inside its time budget on two cores.
 */
const BUILD_INPUTS = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (p: string): void => {
    const full = path.join(ROOT, p);
    if (statSync(full).isDirectory()) for (const name of readdirSync(full).sort()) walk(path.join(p, name));
    else hash.update(p).update('\0').update(readFileSync(full));
  };
  BUILD_INPUTS.forEach(walk);
  return hash.digest('hex').slice(0, 16);
}

let built: Promise<string> | null = null;

/** Path of the compiled entry point, building it if this source version has none yet. */
export function compiledCli(): Promise<string> {
  built ??= (async () => {
    const dir = path.join(ROOT, '.data', `resilience-dist-${sourceHash()}`);
    const main = path.join(dir, 'src/cli/main.js');
    if (existsSync(main)) return main;
    // Parallel test files may build at once: each builds aside and renames; the loser's copy goes.
    const tmp = `${dir}.${process.pid}.tmp`;
    mkdirSync(path.dirname(tmp), { recursive: true });
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', tmp, '--sourceMap', 'false'], { cwd: ROOT });
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true });
    }
    return main;
  })();
  return built;
}

/** Like test/support/run-cli.ts's runCli, on the compiled entry point. */
export async function runCompiledCli(
  args: readonly string[],
  env: Record<string, string | undefined>,
  options: { timeoutMs: number; onSpawn: (pid: number) => void },
): Promise<CliResult> {
  const main = await compiledCli();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid) options.onSpawn(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI ${args.join(' ')} did not finish in ${options.timeoutMs} ms (a hang)\n${stdout.slice(-3000)}\n${stderr.slice(-2000)}`));
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
