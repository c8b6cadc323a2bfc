import type { OrderBacklog, OrderReach } from '../adapters/postgres/operator-order-status.js';
import {
  createOperatorStatus,
  type RecordErrorRow,
  type RunRow,
} from '../adapters/postgres/operator-status.js';
import { SHOPIFY_DEFAULT_ORDER_DAYS } from '../app/usecases/order-window.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../domain/ports/logger.js';
import type { StatusArgs } from './commands.js';
import { withOperatorPool } from '../composition-root.js';
import { EXIT } from './exit-codes.js';
import { readLeaseHolders, type LockHolder } from '../adapters/lock/lease-holders.js';
import { operatorShop, positiveIntFlag } from './operator-shop.js';
import type { CommandIo } from './command-spec.js';
import { clip, formatCounts, formatTable } from './text-table.js';

/** What `status --json` prints; the keys are documented in `status --help`. */
export interface StatusReport {
  readonly generatedAt: string;
  readonly shop: string | null;
  readonly runs: readonly RunRow[];
  readonly locks: {
    readonly backend: Config['lock']['backend'];
    readonly holders: readonly LockHolder[];
    readonly note: string | null;
  };
  readonly orders: readonly OrderBacklog[];
  /** Per shop: read_all_orders as last seen, and open orders past Shopify's 60-day horizon. */
  readonly orderReach: readonly OrderReach[];
  readonly recentErrors: readonly RecordErrorRow[];
}

const RECENT_ERRORS = 10;

export async function runStatusCommand(
  parsed: StatusArgs,
  config: Config,
  logger: Logger,
  io: CommandIo,
): Promise<number> {
  const perJob = positiveIntFlag(parsed, 'runs', 5, 100);
  if (typeof perJob === 'string') {
    io.stderr.write(`integration-service: ${perJob}\n`);
    return EXIT.usage;
  }
  const shop = operatorShop(parsed, config, false);
  const report = await withOperatorPool(config, logger, async (pool): Promise<StatusReport> => {
    const q = createOperatorStatus(pool);
    const [runs, orders, recentErrors, locks] = await Promise.all([
      q.recentRuns(shop, perJob),
      q.orderBacklog(shop),
      q.recordErrors({ runId: null, shop, limit: RECENT_ERRORS }),
      lockHolders(config, shop, q),
    ]);
    const horizon = new Date(Date.now() - SHOPIFY_DEFAULT_ORDER_DAYS * 86_400_000);
    const orderReach = await q.orderReach(
      shop,
      orders.map((o) => o.shop),
      horizon,
    );
    return {
      generatedAt: new Date().toISOString(),
      shop,
      runs,
      locks,
      orders,
      orderReach,
      recentErrors,
    };
  });
  io.stdout.write(
    parsed.flags['json'] === true ? JSON.stringify(report) + '\n' : formatStatus(report) + '\n',
  );
  return EXIT.ok;
}

async function lockHolders(
  config: Config,
  shop: string | null,
  q: ReturnType<typeof createOperatorStatus>,
): Promise<StatusReport['locks']> {
  if (config.lock.backend === 'postgres') {
    const holders = (await q.advisoryHolders()).filter(
      (h) => shop === null || h.shop === null || h.shop === shop,
    );
    return { backend: 'postgres', holders: holders.map(({ pid: _pid, ...h }) => h), note: null };
  }
  // Loaded only here: the Kubernetes client takes seconds to import.
  const { createKubeCoordinationApi, readServiceAccountNamespace } =
    await import('../adapters/lock/kube-coordination-api.js');
  const prefix = config.lock.serviceAccountPrefix;
  const namespace = config.lock.namespace ?? readServiceAccountNamespace(prefix) ?? 'default';
  try {
    const holders = await readLeaseHolders(
      createKubeCoordinationApi({ inCluster: true, prefix }),
      namespace,
      await q.knownJobs(shop),
    );
    return { backend: 'kubernetes', holders, note: null };
  } catch (error) {
    // Outside the cluster (or without RBAC to read Leases) kubectl is the way to look.
    return {
      backend: 'kubernetes',
      holders: [],
      note: `could not read the Leases (${(error as Error).message}); see: kubectl get leases -n ${namespace}`,
    };
  }
}

/** The human view: one table per section. */
export function formatStatus(report: StatusReport): string {
  const out: string[] = [];
  out.push(`Runs${report.shop ? ` of ${report.shop}` : ''} (newest first per job and shop)`);
  out.push(
    report.runs.length === 0
      ? '  none yet'
      : formatTable(
          [
            'id',
            'job',
            'shop',
            'trigger',
            'status',
            'started',
            'took',
            'counts',
            'errors',
            'error',
          ],
          report.runs.map((r) => [
            r.id,
            r.job,
            r.shop,
            r.trigger,
            r.dryRun ? `${r.status} (dry run)` : r.status,
            r.startedAt.replace('T', ' ').slice(0, 19),
            r.durationSeconds === null ? 'running' : `${r.durationSeconds}s`,
            clip(formatCounts(r.counts), 60),
            String(r.recordErrors),
            clip(r.error, 60),
          ]),
        ),
  );
  out.push('', `Lock holders (${report.locks.backend})`);
  if (report.locks.note) out.push(`  ${report.locks.note}`);
  else if (report.locks.holders.length === 0) out.push('  none: no job is running');
  else
    out.push(
      formatTable(
        ['lock', 'holder', 'since'],
        report.locks.holders.map((h) => [h.lock ?? '(unknown lock)', h.holder, h.since ?? '']),
      ),
    );
  out.push('', 'Order backlog');
  out.push(
    report.orders.length === 0
      ? '  no orders stored'
      : formatTable(
          [
            'shop',
            'pending',
            'failed',
            'dead',
            'pushed',
            'skipped',
            'deleted',
            'due now',
            'oldest waiting',
          ],
          report.orders.map((o) => [
            o.shop,
            String(o.pending),
            String(o.failed),
            String(o.dead),
            String(o.pushed),
            String(o.skipped),
            String(o.deleted),
            String(o.dueNow),
            o.oldestWaitingSince ?? '',
          ]),
        ),
  );
  if (report.orders.some((o) => o.dead > 0))
    out.push(
      "  dead orders need a person: 'orders show <order>', then 'orders retry <order>' or 'orders retry --all-dead'",
    );
  if (report.orders.some((o) => o.deleted > 0))
    out.push(
      "  deleted: orders deleted in Shopify after they were stored; those API X had are named in 'errors' with what to do there",
    );
  out.push('', `Orders older than Shopify's ${SHOPIFY_DEFAULT_ORDER_DAYS}-day window`);
  out.push(
    report.orderReach.length === 0
      ? '  no orders stored'
      : formatTable(
          ['shop', 'read_all_orders', 'checked', 'open orders past the window'],
          report.orderReach.map((r) => [
            r.shop,
            r.readAllOrders === null ? 'unknown' : r.readAllOrders ? 'granted' : 'missing',
            r.checkedAt ?? 'never (no sync-orders run yet)',
            String(r.openPastHorizon),
          ]),
        ),
  );
  if (report.orderReach.some((r) => r.readAllOrders === false && r.openPastHorizon > 0))
    out.push(
      '  their refunds, cancellations and returns no longer reach API X: grant the app read_all_orders',
    );
  out.push('', 'Latest per-record errors');
  out.push(
    report.recentErrors.length === 0
      ? '  none'
      : formatTable(
          ['run', 'job', 'entity', 'external id', 'field', 'reason'],
          report.recentErrors.map((e) => [
            e.runId,
            e.job,
            e.entity,
            e.externalId,
            e.field ?? '',
            clip(e.reason, 80),
          ]),
        ),
  );
  return out.join('\n');
}
