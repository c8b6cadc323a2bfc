/**
 * The one place that builds the program: configuration in, wired jobs out. Everything else gets
 * its dependencies passed in; cleanups are registered here and run in reverse order.
 */
import { createAdvisoryLock } from './adapters/lock/advisory-lock.js';
import { createTracedFetch } from './adapters/logging/traced-fetch.js';
import { assertSchemaReady, openDatabase } from './adapters/postgres/database.js';
import { createPool } from './adapters/postgres/pool.js';
import { createPgRunRecords } from './adapters/postgres/run-records.js';
import { createShopifyGraphqlClient } from './adapters/shopify/shopify-graphql-client.js';
import { createJobRunner } from './app/jobs/run-job.js';
import type { RunReportSink } from './app/jobs/run-report.js';
import type { SyncInventoryOptions, SyncInventoryPlan } from './app/pipeline/sync-inventory.js';
import type { SyncOrdersOptions, SyncOrdersPlan } from './app/pipeline/sync-orders.js';
import type { SyncToShopifyOptions, SyncToShopifyPlan } from './app/pipeline/sync-to-shopify.js';
import { PRICES_READ_AHEAD, startPricesReadEarly } from './app/usecases/prices-read-early.js';
import type { StepContext } from './app/usecases/step-context.js';
import type { ApixHttp } from './adapters/apix/apix-http.js';
import type { JobParts } from './composition/job-parts.js';
import type { Config } from './config/config.js';
import type { JobName } from './domain/model/sync-run.js';
import type { Lock } from './domain/ports/lock.js';
import type { Logger } from './domain/ports/logger.js';
import type pg from 'pg';
import { createMetricsPusher } from './infra/metrics/metrics-pusher.js';
import { packageVersion } from './infra/package-root.js';

export interface Composed {
  readonly runner: ReturnType<typeof createJobRunner>;
  readonly syncToShopify: (
    ctx: StepContext,
    options: SyncToShopifyOptions,
  ) => Promise<SyncToShopifyPlan>;
  readonly syncOrders: (ctx: StepContext, options: SyncOrdersOptions) => Promise<SyncOrdersPlan>;
  readonly syncInventory: (
    ctx: StepContext,
    options: SyncInventoryOptions,
  ) => Promise<SyncInventoryPlan>;
  readonly usage: {
    shopify(): { costPoints: number; throttled: number };
    apixRequests(): Promise<Record<string, number>>;
    ordersBacklog(): Promise<Record<string, number>>;
    /** Seconds since the oldest undelivered order change; 0 when nothing waits. */
    ordersOldestUndeliveredAge(now: Date): Promise<number>;
    /** Held shipments (null when SHIPMENTS_ENABLED is off: nothing is pushed then). */
    shipmentsHeld(
      now: Date,
    ): Promise<{ waiting: number; refused: number; oldestAgeSeconds: number } | null>;
    /** Stock levels still marked for a recheck after the run, and the oldest mark's age (0 when none). */
    stockRechecks(now: Date): Promise<{ waiting: number; oldestAgeSeconds: number }>;
  };
  close(): Promise<void>;
}

function openPool(config: Config, url: string, logger: Logger): pg.Pool {
  return createPool({
    connectionString: url,
    max: config.database.poolMax,
    statementTimeoutMs: config.database.statementTimeoutMs,
    applicationName: `integration-service ${config.lock.identity}`.slice(0, 63),
    onIdleError: (error) =>
      logger.warn({ err: error.message }, 'idle PostgreSQL connection failed'),
  });
}

/**
 * The database the configuration names (DATABASE_URL, or the embedded server started here), open
 * while `work` runs. Every command reaches Postgres through here or `composeJobs`, so the embedded
 * fallback and its log line are decided in one place.
 */
export async function withDatabase<T>(
  config: Config,
  logger: Logger,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(config.database, logger);
  try {
    return await work(db.url);
  } finally {
    await db.close();
  }
}

/** Fails with "run migrate up" (or how to reach the server) unless the schema is current. */
export async function assertDatabaseReady(config: Config, logger: Logger): Promise<void> {
  await withDatabase(config, logger, assertSchemaReady);
}

/**
 * A pool for the operator commands (status, orders, errors, resync), closed when `work` ends. The
 * schema check comes first so a fresh database gets "run migrate up", not "relation does not exist".
 */
export async function withOperatorPool<T>(
  config: Config,
  logger: Logger,
  work: (pool: pg.Pool) => Promise<T>,
): Promise<T> {
  return withDatabase(config, logger, async (url) => {
    await assertSchemaReady(url);
    const pool = openPool(config, url, logger);
    try {
      return await work(pool);
    } finally {
      await pool.end();
    }
  });
}

function metricsPusher(config: Config, logger: Logger) {
  return createMetricsPusher({
    url: config.metrics.pushgatewayUrl,
    timeoutMs: config.metrics.pushTimeoutMs,
    logger,
    version: packageVersion(),
  });
}

/**
 * A run that could not even start (Postgres down, schema not migrated) has no run record, but it
 * still reaches the Pushgateway as a failed run, so the failure alerts see it. Never rejects.
 */
export async function reportRunNotStarted(
  config: Config,
  logger: Logger,
  job: JobName,
  startedAt: Date,
): Promise<void> {
  await metricsPusher(config, logger).push({
    job,
    shop: config.shopify.shop,
    status: 'failed',
    startedAt,
    finishedAt: new Date(),
    counts: {},
    recordErrors: {},
    // Zeros, so the dashboard's per-run figures do not keep showing the previous run's.
    shopify: { costPoints: 0, throttled: 0 },
    apixRequests: { ok: 0 },
  });
}

/**
 * The Kubernetes lease lock, its modules loaded only when this backend is chosen: importing
 * @kubernetes/client-node costs ~1 s of CPU (3.5 s on a busy 2-core machine), paid by every job
 * at start, more than a no-change run's own work at 10k products.
 */
async function leaseLock(config: Config, logger: Logger): Promise<Lock> {
  const [{ createLeaseLock }, { createKubeCoordinationApi, readServiceAccountNamespace }] =
    await Promise.all([
      import('./adapters/lock/lease-lock.js'),
      import('./adapters/lock/kube-coordination-api.js'),
    ]);
  return createLeaseLock({
    coordination: createKubeCoordinationApi({
      inCluster: true,
      prefix: config.lock.serviceAccountPrefix,
    }),
    namespace:
      config.lock.namespace ??
      readServiceAccountNamespace(config.lock.serviceAccountPrefix) ??
      'default',
    identity: config.lock.identity,
    leaseDurationSeconds: config.lock.leaseSeconds,
    logger,
  });
}

/**
 * A job's wiring, its modules imported on first use: each job loads only its own adapters and
 * use cases (the orders' and inventory's are ~0.1 s of a catalogue run's start, and the other way
 * round). `soon` starts the import at once, so it overlaps the database's connection and checks.
 */
function onDemand<T>(load: () => Promise<T>, soon: boolean): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  const get = () => (loaded ??= load());
  // A failed early import is reported by the call that needs it, not as an unhandled rejection.
  if (soon) get().catch(() => {});
  return get;
}

/**
 * Everything the jobs run on. `job`: the one this process is about to run (its modules are
 * loaded while the database is reached); the others stay callable and load when first called.
 */
export async function composeJobs(
  config: Config,
  logger: Logger,
  describeError: (e: unknown) => string,
  job?: JobName,
): Promise<Composed> {
  // sync-to-shopify's own modules load once its price read is on its way (below).
  const catalogWiring = onDemand(() => import('./composition/catalog-wiring.js'), false);
  const ordersWiring = onDemand(
    () => import('./composition/orders-wiring.js'),
    job === 'sync-orders',
  );
  const inventoryWiring = onDemand(
    () => import('./composition/inventory-wiring.js'),
    job === 'sync-inventory',
  );
  const cleanups: (() => Promise<void>)[] = [];
  // API X's client (axios and its dependencies, ~0.2 s of imports) loads with the job's modules,
  // while the database is reached and the lock taken; created once, on first use.
  const apixModule = onDemand(() => import('./adapters/apix/apix-http.js'), job !== undefined);
  const apixHttp = onDemand(async (): Promise<ApixHttp> => {
    const made = (await apixModule()).createApixHttp({
      baseUrl: config.apix.baseUrl,
      token: config.apix.token,
      timeoutMs: config.apix.timeoutMs,
      maxRetries: config.apix.maxRetries,
      logger,
    });
    cleanups.push(() => Promise.resolve(made.close()));
    return made;
  }, false);
  // sync-to-shopify's price read starts first, before the database is reached, the lock taken
  // and the run recorded (app/usecases/prices-read-early.ts); the pipeline takes it over. Only
  // then do the job's own modules load: compiling them first held the first request back ~50 ms
  // (one thread does both). The request is sent within the iterator's first step, before the
  // setImmediate callback runs.
  const earlyPrices =
    job === 'sync-to-shopify'
      ? startPricesReadEarly(async function* (signal) {
          const { createApixCatalogSource } =
            await import('./adapters/apix/apix-catalog-source.js');
          const source = createApixCatalogSource(await apixHttp(), {
            pageSize: config.apix.pageSize,
          });
          setImmediate(() => void catalogWiring().catch(() => {}));
          yield* source.prices(signal);
        }, PRICES_READ_AHEAD)
      : undefined;
  const closeAll = async () => {
    // Before API X's client closes: a read nobody took (the run was skipped or failed first).
    await earlyPrices?.stop();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  // What is already open (the early read, the database) closes when composing fails.
  const orClose = <T>(step: Promise<T>): Promise<T> =>
    step.catch(async (error: unknown) => {
      await closeAll();
      throw error;
    });
  const db = await orClose(openDatabase(config.database, logger));
  cleanups.push(() => db.close());
  await orClose(assertSchemaReady(db.url));
  const pool = openPool(config, db.url, logger);
  cleanups.push(() => pool.end());
  const shop = config.shopify.shop;

  const lock: Lock =
    config.lock.backend === 'kubernetes'
      ? await orClose(leaseLock(config, logger))
      : createAdvisoryLock({ connectionString: db.url, identity: config.lock.identity, logger });

  const reporter: RunReportSink = metricsPusher(config, logger);

  const shopifyClient = createShopifyGraphqlClient({
    shop,
    accessToken: config.shopify.accessToken,
    apiVersion: config.shopify.apiVersion,
    ...(config.shopify.apiBaseUrl ? { baseUrl: config.shopify.apiBaseUrl } : {}),
    timeoutMs: config.shopify.timeoutMs,
    fetch: createTracedFetch(globalThis.fetch, logger, 'shopify'),
    logger,
  });
  const parts = async (): Promise<JobParts> => ({
    config,
    logger,
    pool,
    shopifyClient,
    apixHttp: await apixHttp(),
    ...(earlyPrices ? { earlyPrices } : {}),
  });
  // Each pipeline is built once, on its first run.
  const syncToShopify = onDemand(
    async () => (await catalogWiring()).wireSyncToShopify(await parts()),
    false,
  );
  const orders = onDemand(async () => (await ordersWiring()).wireSyncOrders(await parts()), false);
  const syncInventory = onDemand(
    async () => (await inventoryWiring()).wireSyncInventory(await parts()),
    false,
  );

  return {
    runner: createJobRunner({
      lock,
      records: createPgRunRecords(pool),
      reporter,
      logger,
      describeError,
    }),
    syncToShopify: async (ctx, options) => (await syncToShopify())(ctx, options),
    syncOrders: async (ctx, options) => (await orders()).pipeline(ctx, options),
    syncInventory: async (ctx, options) => (await syncInventory()).pipeline(ctx, options),
    usage: {
      shopify: () => {
        const u = shopifyClient.usage();
        return { costPoints: u.costPoints, throttled: u.throttled };
      },
      apixRequests: async () => ({ ...(await apixHttp()).requestCounts() }),
      ordersBacklog: async () => ({ ...(await (await orders()).orderStore.backlog()) }),
      ordersOldestUndeliveredAge: async (now) => {
        const since = await (await orders()).orderStore.oldestUndeliveredSince();
        return since ? Math.max(0, (now.getTime() - since.getTime()) / 1000) : 0;
      },
      shipmentsHeld: async (now) => {
        const store = (await orders()).shipmentStore;
        if (!store) return null;
        const { waiting, refused, oldestSince } = await store.held();
        const age = oldestSince ? (now.getTime() - oldestSince.getTime()) / 1000 : 0;
        return { waiting, refused, oldestAgeSeconds: Math.max(0, age) };
      },
      stockRechecks: async (now) => {
        const { count, oldestMarkedAt } = await (await syncInventory()).rechecks.waiting();
        const age = oldestMarkedAt ? (now.getTime() - oldestMarkedAt.getTime()) / 1000 : 0;
        return { waiting: count, oldestAgeSeconds: Math.max(0, age) };
      },
    },
    close: closeAll,
  };
}
