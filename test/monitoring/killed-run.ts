import { startTcpProxy } from '../resilience/support/tcp-proxy.js';
import type { E2eEnvironment } from '../support/e2e-environment.js';
import { runCli, type CliResult } from '../../scripts/support/run-cli.js';

/**
 * Runs sync-orders, holds it at API X (lock taken, run record 'running') and SIGKILLs it there:
 * a run that dies without a word, for the next run to find.
 */
export async function killRunHeldAtApix(
  e2e: E2eEnvironment,
  env: Record<string, string>,
): Promise<CliResult> {
  const gate = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(e2e.apix.url).port) });
  let pid = 0;
  try {
    gate.hold();
    const killed = runCli(
      ['sync-orders'],
      {
        ...e2e.env,
        ...env,
        APIX_BASE_URL: `http://127.0.0.1:${gate.port}`,
        APIX_TIMEOUT_MS: '600000',
      },
      { onSpawn: (p) => (pid = p) },
    );
    while (gate.connections() < 1) await new Promise((r) => setTimeout(r, 10));
    process.kill(pid, 'SIGKILL');
    return await killed;
  } finally {
    gate.release();
    await gate.close();
  }
}
