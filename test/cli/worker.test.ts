import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { runCli } from '../../scripts/support/run-cli.js';

const e2e = useE2eEnvironment(test, { apix: { products: 20 } });

type Run = { job: string; trigger: string; status: string; error: string | null };
const runs = async () =>
  (await e2e.db.pool.query<Run>(`SELECT job, trigger, status, error FROM sync_runs ORDER BY id`))
    .rows;

async function until<T>(
  what: string,
  probe: () => Promise<T | null>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await runs())}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('worker runs both jobs through the shared lifecycle (trigger worker); SIGTERM interrupts the running one and exits 143', async () => {
  const [order] = e2e.shopify.orders.seed(1);
  // Slow API X: the catalogue run is still reading when the orders run has finished.
  e2e.apix.faults.setLatency(400);
  let pid = 0;
  const exited = runCli(
    ['worker', '--run-at-start'],
    {
      ...e2e.env,
      WORKER_SYNC_TO_SHOPIFY_CRON: '* * * * *',
      WORKER_SYNC_ORDERS_CRON: '* * * * *',
      LOG_LEVEL: 'info',
    },
    { timeoutMs: 90_000, onSpawn: (p) => (pid = p) },
  );
  await until('sync-orders to succeed and sync-to-shopify to be running', async () => {
    const r = await runs();
    const ok =
      r.some((x) => x.job === 'sync-orders' && x.status === 'succeeded') &&
      r.some((x) => x.job === 'sync-to-shopify' && x.status === 'running');
    return ok ? r : null;
  });
  process.kill(pid, 'SIGTERM');
  const result = await exited;
  assert.is(result.code, 143, result.stderr.slice(-2000));

  const recorded = await runs();
  assert.ok(
    recorded.every((x) => x.trigger === 'worker'),
    JSON.stringify(recorded),
  );
  const catalogue = recorded.find((x) => x.job === 'sync-to-shopify');
  assert.is(catalogue?.status, 'interrupted', JSON.stringify(recorded));
  assert.match(catalogue?.error ?? '', /SIGTERM/);
  assert.ok(order && e2e.apix.orders.byExternalId(order), 'the orders run pushed the seeded order');
  // One JSON summary line per run, as the CronJob commands print.
  const summaries = result.stdout
    .split('\n')
    .filter((l) => l.startsWith('{"job"'))
    .map((l) => JSON.parse(l) as { job: string; status: string });
  assert.equal(summaries.map((s) => `${s.job} ${s.status}`).sort(), [
    'sync-orders succeeded',
    'sync-to-shopify interrupted',
  ]);
  // The locks went with the process.
  const locks = await e2e.db.pool.query(
    `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  assert.is(locks.rowCount, 0);

  // The next run (here a manual one) is not blocked by anything the worker left behind.
  e2e.apix.faults.setLatency(0);
  const next = await e2e.cli(['sync-to-shopify']);
  assert.is(next.code, 0, next.stderr.slice(-2000));
  assert.is(next.summary?.['status'], 'succeeded');
});

test('worker refuses an invalid schedule before running anything (exit 2)', async () => {
  const r = await runCli(['worker'], { ...e2e.env, WORKER_SYNC_ORDERS_CRON: '*/5 * * *' });
  assert.is(r.code, 2);
  assert.match(
    r.stderr,
    /WORKER_SYNC_ORDERS_CRON="\*\/5 \* \* \*" is not a 5-field cron expression: needs 5 fields/,
  );
});

test.run();
