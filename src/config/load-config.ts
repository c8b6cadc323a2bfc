import type { Config, ConfigScope } from './config.js';
import os from 'node:os';
import { parseCron } from '../domain/cron-schedule.js';
import { ConfigError } from '../domain/errors.js';
import { createEnvReader } from './env-readers.js';
import { parseLocationMap } from './location-map.js';
import { DEFAULT_CUSTOM_ID_NAMESPACE } from '../domain/model/custom-id.js';

const SHOP_PATTERN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const API_VERSION_PATTERN = /^(\d{4}-(01|04|07|10)|unstable)$/;

/** `SHOPIFY_PUBLISH_TO`: comma-separated publication names, or `none`. */
export function publicationNames(setting: string): string[] {
  if (setting.trim().toLowerCase() === 'none') return [];
  return [...new Set(setting.split(',').map((n) => n.trim()))].filter((n) => n !== '');
}

export function loadConfig(env: Readonly<Record<string, unknown>>, scope: ConfigScope): Config {
  const read = createEnvReader(env);
  const inKubernetes =
    typeof env['KUBERNETES_SERVICE_HOST'] === 'string' && env['KUBERNETES_SERVICE_HOST'] !== '';
  const jobs = scope === 'jobs';

  const databaseUrl = read.optionalUrl('DATABASE_URL', {
    protocols: ['postgres:', 'postgresql:'],
    secret: true,
  });
  const problemsBefore: string[] = [];
  if (inKubernetes && read.optionalString('DATABASE_URL') === null) {
    problemsBefore.push(
      'DATABASE_URL is required inside Kubernetes (the embedded PostgreSQL is for local runs only)',
    );
  }

  const cronProblems: string[] = [];
  const readCron = (name: string, fallback: string): string => {
    const value = read.optionalString(name) ?? fallback;
    const parsed = parseCron(value);
    if (parsed.ok) return parsed.value.expression;
    cronProblems.push(
      `${name}=${JSON.stringify(value)} is not a 5-field cron expression: ${parsed.reason}`,
    );
    return fallback;
  };

  const backendSetting = read.oneOf('LOCK_BACKEND', ['auto', 'kubernetes', 'postgres'] as const, {
    default: 'auto',
  });
  const podName = read.optionalString('POD_NAME');
  const jobName = read.optionalString('JOB_NAME');

  const inventoryLocations = parseLocationMap(read.optionalString('INVENTORY_LOCATIONS') ?? '');
  const config: Config = {
    inKubernetes,
    kubernetesJob: { jobName, cronJobName: read.optionalString('CRONJOB_NAME') },
    database: {
      url: databaseUrl,
      embeddedDataDir: read.optionalString('EMBEDDED_POSTGRES_DIR') ?? '.data/postgres',
      embeddedPort: read.integer('EMBEDDED_POSTGRES_PORT', {
        default: 54320,
        min: 1024,
        max: 65535,
      }),
      embeddedDatabase: read.optionalString('EMBEDDED_POSTGRES_DATABASE') ?? 'postgres',
      // 3: no job uses more (issue 19, measured with the benches: sync-to-shopify 2 pooled
      // connections at most, sync-inventory 1, sync-orders 2-3, at pool 8 and at pool 3 alike);
      // hundreds of stores share one PostgreSQL, so each job's share is what it budgets.
      poolMax: read.integer('DATABASE_POOL_MAX', { default: 3, min: 2, max: 100 }),
      statementTimeoutMs: read.integer('DATABASE_STATEMENT_TIMEOUT_MS', {
        default: 60_000,
        min: 1000,
        max: 3_600_000,
      }),
    },
    shopify: {
      shop: jobs
        ? read.pattern('SHOPIFY_SHOP', SHOP_PATTERN, { example: 'my-store.myshopify.com' })
        : (read.optionalString('SHOPIFY_SHOP') ?? ''),
      accessToken: jobs ? read.string('SHOPIFY_ACCESS_TOKEN', { secret: true }) : '',
      apiVersion: read.pattern('SHOPIFY_API_VERSION', API_VERSION_PATTERN, {
        default: '2026-10',
        example: '2026-10',
      }),
      apiBaseUrl: read.optionalUrl('SHOPIFY_API_BASE_URL'),
      concurrency: read.integer('SHOPIFY_CONCURRENCY', { default: 4, min: 1, max: 32 }),
      timeoutMs: read.integer('SHOPIFY_TIMEOUT_MS', { default: 30_000, min: 100, max: 600_000 }),
      // App-owned (shopify.dev/docs/apps/build/custom-data/ownership: "$app:influencer ->
      // app--123456--influencer"), so the definitions are created MERCHANT_READ and nobody clears
      // an id by hand (a cleared id means a duplicate product next run).
      customIdNamespace:
        read.optionalString('SHOPIFY_CUSTOM_ID_NAMESPACE') ?? DEFAULT_CUSTOM_ID_NAMESPACE,
      customIdNamespacePinned: read.optionalString('SHOPIFY_CUSTOM_ID_NAMESPACE') !== null,
      customIdKey: read.optionalString('SHOPIFY_CUSTOM_ID_KEY') ?? 'external_id',
      publishTo: publicationNames(read.optionalString('SHOPIFY_PUBLISH_TO') ?? 'Online Store'),
      existingProducts: read.oneOf('SHOPIFY_EXISTING_PRODUCTS', ['refuse', 'adopt'] as const, {
        default: 'refuse',
      }),
    },
    apix: {
      baseUrl: jobs ? read.url('APIX_BASE_URL') : '',
      token: jobs ? read.string('APIX_TOKEN', { secret: true }) : '',
      timeoutMs: read.integer('APIX_TIMEOUT_MS', { default: 15_000, min: 100, max: 600_000 }),
      maxRetries: read.integer('APIX_MAX_RETRIES', { default: 3, min: 0, max: 10 }),
      pageSize: read.integer('APIX_PAGE_SIZE', { default: 1000, min: 1, max: 1000 }),
    },
    metrics: {
      pushgatewayUrl: read.optionalUrl('PUSHGATEWAY_URL'),
      pushTimeoutMs: read.integer('METRICS_PUSH_TIMEOUT_MS', {
        default: 5000,
        min: 100,
        max: 60_000,
      }),
    },
    lock: {
      backend:
        backendSetting === 'auto' ? (inKubernetes ? 'kubernetes' : 'postgres') : backendSetting,
      leaseSeconds: read.integer('LOCK_LEASE_SECONDS', { default: 60, min: 15, max: 3600 }),
      identity: jobName ?? podName ?? `${os.hostname()}-${process.pid}`,
      namespace: read.optionalString('POD_NAMESPACE'),
      serviceAccountPrefix: read.optionalString('KUBE_SERVICE_ACCOUNT_PREFIX') ?? '',
    },
    log: {
      level: read.oneOf(
        'LOG_LEVEL',
        ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const,
        { default: 'info' },
      ),
      pretty: ((): boolean | 'auto' => {
        const v = read.oneOf('LOG_FORMAT', ['auto', 'json', 'pretty'] as const, {
          default: 'auto',
        });
        return v === 'auto' ? 'auto' : v === 'pretty';
      })(),
    },
    catalog: {
      archiveStatus: read.oneOf('SYNC_ARCHIVE_STATUS', ['ARCHIVED', 'DRAFT'] as const, {
        default: 'ARCHIVED',
      }),
      bulkThreshold: read.integer('SYNC_BULK_THRESHOLD', {
        default: 300,
        min: 1,
        max: 10_000_000,
      }),
      maxFailureRatio: read.ratio('SYNC_MAX_FAILURE_RATIO', { default: 0.2 }),
      maxArchiveRatio: read.ratio('SYNC_MAX_ARCHIVE_RATIO', { default: 0.1 }),
      fullDeletionCheckHours: read.integer('SYNC_FULL_DELETION_CHECK_HOURS', {
        default: 168,
        min: 0,
        max: 8760,
      }),
      // Shopify's documented numbers; settings only in case Shopify changes them for a store.
      variantLimit: {
        threshold: read.integer('SHOPIFY_VARIANT_LIMIT_THRESHOLD', {
          default: 50_000,
          min: 0,
          max: 100_000_000,
        }),
        perDay: read.integer('SHOPIFY_VARIANT_LIMIT_PER_DAY', {
          default: 1_000,
          min: 0,
          max: 100_000_000,
        }),
      },
    },
    orders: {
      backfillDays: read.integer('ORDERS_BACKFILL_DAYS', { default: 7, min: 1, max: 3650 }),
      overlapSeconds: read.integer('ORDERS_OVERLAP_SECONDS', { default: 120, min: 0, max: 86_400 }),
      pushConcurrency: read.integer('ORDERS_PUSH_CONCURRENCY', { default: 8, min: 1, max: 64 }),
      maxAttempts: read.integer('ORDERS_MAX_ATTEMPTS', { default: 10, min: 1, max: 100 }),
      skipTest: read.boolean('ORDERS_SKIP_TEST', { default: true }),
      customerFields: read.oneOf('ORDERS_CUSTOMER_FIELDS', ['none', 'contact', 'full'] as const, {
        default: 'full',
      }),
    },
    shipments: {
      enabled: read.boolean('SHIPMENTS_ENABLED', { default: false }),
      notifyCustomer: read.boolean('SHIPMENTS_NOTIFY_CUSTOMER', { default: true }),
    },
    inventory: {
      locations: inventoryLocations.entries,
      reconcileHours: read.integer('INVENTORY_RECONCILE_HOURS', { default: 24, min: 1, max: 8760 }),
      batchSize: read.integer('INVENTORY_BATCH_SIZE', { default: 100, min: 1, max: 250 }),
      overlapSeconds: read.integer('INVENTORY_OVERLAP_SECONDS', {
        default: 300,
        min: 0,
        max: 86_400,
      }),
    },
    worker: {
      syncToShopifyCron: readCron('WORKER_SYNC_TO_SHOPIFY_CRON', '0 3 * * *'),
      syncOrdersCron: readCron('WORKER_SYNC_ORDERS_CRON', '*/5 * * * *'),
      // Off unless set, as the chart's stock CronJob: a store opts in (usually */10 * * * *).
      syncInventoryCron:
        read.optionalString('WORKER_SYNC_INVENTORY_CRON') === null
          ? null
          : readCron('WORKER_SYNC_INVENTORY_CRON', '*/10 * * * *'),
    },
    retentionDays: read.integer('RETENTION_DAYS', { default: 90, min: 1, max: 3650 }),
    shutdownTimeoutSeconds: read.integer('SHUTDOWN_TIMEOUT_SECONDS', {
      default: 25,
      min: 1,
      max: 3600,
    }),
    secrets: [],
  };

  const problems = [
    ...problemsBefore,
    ...read.problems,
    ...cronProblems,
    ...inventoryLocations.problems,
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze({ ...config, secrets: collectSecrets(config) });
}

function collectSecrets(config: Config): string[] {
  const secrets = [config.shopify.accessToken, config.apix.token];
  if (config.database.url) {
    const password = new URL(config.database.url).password;
    if (password) secrets.push(decodeURIComponent(password), password);
  }
  return secrets.filter((s) => s.length >= 4);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
