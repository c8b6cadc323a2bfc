import { composeJobs } from '../composition-root.js';
import type { Config } from '../config/config.js';
import type { RunTrigger } from '../domain/model/sync-run.js';
import type { Logger } from '../domain/ports/logger.js';
import type { ParsedCommandLine } from './command-line.js';
import { EXIT } from './exit-codes.js';
import type { CommandIo } from './run-command.js';

const TRIGGERS: readonly RunTrigger[] = ['schedule', 'manual', 'worker', 'demo'];

/** Runs sync-to-shopify or sync-orders once, through the shared job lifecycle. */
export async function runJobCommand(
  job: 'sync-to-shopify' | 'sync-orders',
  parsed: Extract<ParsedCommandLine, { kind: 'run' }>,
  config: Config,
  logger: Logger,
  io: CommandIo,
  describeError: (error: unknown) => string,
): Promise<number> {
  const triggerFlag = parsed.flags['trigger'];
  const trigger = (typeof triggerFlag === 'string' ? triggerFlag : config.inKubernetes ? 'schedule' : 'manual') as RunTrigger;
  if (!TRIGGERS.includes(trigger)) {
    io.stderr.write(`integration-service: --trigger must be one of ${TRIGGERS.join(', ')}\n`);
    return EXIT.usage;
  }
  const dryRun = parsed.flags['dry-run'] === true;
  const composed = await composeJobs(config, logger, describeError);
  try {
    let plan: unknown = null;
    const result = await composed.runner.run({
      job,
      shop: config.shopify.shop,
      trigger,
      holder: config.lock.identity,
      signal: io.signal,
      pipeline: async (ctx) => {
        plan =
          job === 'sync-to-shopify'
            ? await composed.syncToShopify(ctx, {
                dryRun,
                forceArchive: parsed.flags['force-archive'] === true,
                archiveStatus: config.catalog.archiveStatus,
                bulkThreshold: config.catalog.bulkThreshold,
                concurrency: config.shopify.concurrency,
                maxFailureRatio: config.catalog.maxFailureRatio,
                maxArchiveRatio: config.catalog.maxArchiveRatio,
              })
            : await composed.syncOrders(ctx, {
                dryRun,
                overlapSeconds: config.orders.overlapSeconds,
                backfillDays: config.orders.backfillDays,
                skipTest: config.orders.skipTest,
                concurrency: config.orders.pushConcurrency,
                maxAttempts: config.orders.maxAttempts,
              });
      },
      usage: async () => ({
        shopify: composed.usage.shopify(),
        apixRequests: composed.usage.apixRequests(),
        ...(job === 'sync-orders' ? { ordersBacklog: await composed.usage.ordersBacklog() } : {}),
      }),
    });
    const summary = {
      job,
      shop: config.shopify.shop,
      status: result.status,
      runId: result.runId,
      dryRun,
      counts: result.counts,
      recordErrors: result.recordErrors,
      ...(dryRun ? { plan } : {}),
      shopifyCost: composed.usage.shopify().costPoints,
      ...(result.error ? { error: result.error } : {}),
      ...(result.heldBy ? { heldBy: result.heldBy } : {}),
    };
    io.stdout.write(JSON.stringify(summary) + '\n');
    if (result.status === 'succeeded' || result.status === 'skipped') return EXIT.ok;
    if (result.status === 'interrupted') return io.signal.reason instanceof Error && io.signal.reason.message === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
    return EXIT.failed;
  } finally {
    await composed.close();
  }
}
