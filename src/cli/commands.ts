/**
 * The command table: the one place a command is named. Each entry holds its help, its typed
 * flags, which configuration it reads, and how it runs (its module loaded on demand: the jobs pull
 * in the Kubernetes, Shopify and API X clients, seconds of start-up an operator running `status`
 * should not wait for).
 */
import { common, databaseCommand, jobCommand, jobFlags } from './command-kinds.js';
import {
  defineCommand,
  type CommandArgs,
  type CommandSpec,
  type FlagSpecs,
} from './command-spec.js';

export type { JobArgs } from './command-kinds.js';

const SYNC_TO_SHOPIFY_FLAGS = {
  ...common,
  'dry-run': {
    takesValue: false,
    help: 'print the plan (creates, updates, archives) and write nothing to Shopify',
  },
  'force-archive': {
    takesValue: false,
    help: 'archive even when more than SYNC_MAX_ARCHIVE_RATIO of products would go',
  },
  trigger: {
    takesValue: true,
    help: 'recorded with the run (default: manual outside Kubernetes, schedule inside)',
  },
} as const satisfies FlagSpecs;

const SYNC_ORDERS_FLAGS = jobFlags('fetch and show what would be stored and pushed; write nothing');
const SYNC_INVENTORY_FLAGS = jobFlags(
  'read API X and the shop, show how many levels would change; write nothing',
);

const MIGRATE_FLAGS = {
  ...common,
  count: { takesValue: true, help: 'with down: how many migrations to undo (default 1)' },
  all: { takesValue: false, help: 'with down: undo every migration' },
  'dry-run': {
    takesValue: false,
    help: 'with up or down: list the migrations it would apply or undo; change nothing',
  },
  yes: {
    takesValue: false,
    help: 'with down: really undo (it drops tables and their data); without it nothing changes',
  },
} as const satisfies FlagSpecs;

const STATUS_FLAGS = {
  ...common,
  json: {
    takesValue: false,
    help: 'machine-readable output (keys below; new keys may be added, none renamed)',
  },
  shop: { takesValue: true, help: 'only this shop (default: all shops in the database)' },
  runs: { takesValue: true, help: 'runs shown per job and shop (default 5)' },
} as const satisfies FlagSpecs;

const ORDERS_FLAGS = {
  ...common,
  'all-dead': {
    takesValue: false,
    help: 'with retry: every dead order (of --shop, or of every shop)',
  },
  'dry-run': {
    takesValue: false,
    help: 'with retry: print what would change and change nothing',
  },
  shop: { takesValue: true, help: 'the shop (default: SHOPIFY_SHOP, else every shop)' },
  json: { takesValue: false, help: 'machine-readable output' },
} as const satisfies FlagSpecs;

const ERRORS_FLAGS = {
  ...common,
  run: { takesValue: true, help: 'the run id (see status)' },
  limit: { takesValue: true, help: 'at most this many errors, newest first (default 50)' },
  shop: {
    takesValue: true,
    help: 'the latest run of this shop (default: SHOPIFY_SHOP, else any shop)',
  },
  json: { takesValue: false, help: 'machine-readable output' },
} as const satisfies FlagSpecs;

const RESYNC_FLAGS = {
  ...common,
  'dry-run': { takesValue: false, help: 'print what would change and change nothing' },
  shop: { takesValue: true, help: 'the shop (default: SHOPIFY_SHOP, else every shop)' },
} as const satisfies FlagSpecs;

const DOCTOR_FLAGS = {
  ...common,
  shop: { takesValue: true, help: 'the shop to check (default: SHOPIFY_SHOP)' },
  json: {
    takesValue: false,
    help: 'machine-readable output (keys below; new keys may be added, none renamed)',
  },
} as const satisfies FlagSpecs;

const WORKER_FLAGS = {
  ...common,
  'run-at-start': {
    takesValue: false,
    help: 'run both jobs once right away, then follow the schedules',
  },
} as const satisfies FlagSpecs;

export type MigrateArgs = CommandArgs<typeof MIGRATE_FLAGS>;
export type StatusArgs = CommandArgs<typeof STATUS_FLAGS>;
export type OrdersArgs = CommandArgs<typeof ORDERS_FLAGS>;
export type ErrorsArgs = CommandArgs<typeof ERRORS_FLAGS>;
export type ResyncArgs = CommandArgs<typeof RESYNC_FLAGS>;
export type DoctorArgs = CommandArgs<typeof DOCTOR_FLAGS>;
export type WorkerArgs = CommandArgs<typeof WORKER_FLAGS>;

export const COMMANDS: readonly CommandSpec[] = [
  jobCommand('sync-to-shopify', SYNC_TO_SHOPIFY_FLAGS, {
    summary: 'send categories, products and prices from API X to Shopify (the daily job)',
    usage: 'sync-to-shopify [--dry-run] [--force-archive] [--trigger schedule|manual|worker|demo]',
  }),
  jobCommand('sync-orders', SYNC_ORDERS_FLAGS, {
    summary:
      'pull new and changed Shopify orders into Postgres and push them to API X (every 5 minutes)',
    usage: 'sync-orders [--dry-run] [--trigger schedule|manual|worker|demo]',
  }),
  jobCommand('sync-inventory', SYNC_INVENTORY_FLAGS, {
    summary:
      'set Shopify on hand per location from API X stock (every 10 minutes; reconciles daily)',
    usage: 'sync-inventory [--dry-run] [--trigger schedule|manual|worker|demo]',
    details: [
      'INVENTORY_LOCATIONS maps API X warehouses to Shopify locations: WH-1=Main warehouse;WH-2=gid://shopify/Location/2',
      '(a name or a GID). A location the shop lacks, or an inactive one, stops the run (exit 1) naming it.',
      'Every INVENTORY_RECONCILE_HOURS (default 24) a run reads all stock and corrects levels edited in Shopify.',
    ].join('\n'),
  }),
  databaseCommand({
    name: 'migrate',
    summary: 'apply, undo or list database migrations',
    usage:
      'migrate up [--dry-run] | migrate down [--count N|--all] [--dry-run] --yes | migrate status',
    flags: MIGRATE_FLAGS,
    positionals: { min: 1, max: 1 },
    load: async () => (await import('./migrate-command.js')).runMigrateCommand,
  }),
  databaseCommand({
    name: 'status',
    summary: 'recent runs, lock holders, order backlog and the latest per-record errors',
    usage: 'status [--json] [--shop SHOP] [--runs N]',
    flags: STATUS_FLAGS,
    positionals: { min: 0, max: 0 },
    details: [
      '--json prints one object:',
      '  generatedAt     ISO time',
      '  shop            the --shop filter, or null',
      '  runs[]          id, job, shop, trigger, status (running|succeeded|failed|interrupted|skipped|died), dryRun, holder,',
      '                  startedAt, finishedAt, durationSeconds, counts {entity: {result: n}}, recordErrors, error',
      '  locks           backend (postgres|kubernetes), holders[] {lock, job, shop, holder, since}, note',
      '  orders[]        shop, pending, failed, dead, pushed, skipped, deleted, dueNow, oldestWaitingSince',
      '  orderReach[]    shop, readAllOrders (true|false|null: not asked yet), checkedAt, openPastHorizon',
      '  recentErrors[]  runId, job, shop, entity, externalId, field, reason, at',
    ].join('\n'),
    load: async () => (await import('./status-command.js')).runStatusCommand,
  }),
  databaseCommand({
    name: 'orders',
    summary: 'show one order and its push history, or retry dead orders',
    usage:
      'orders show <order> | orders retry <order>... [--dry-run] | orders retry --all-dead [--dry-run]',
    flags: ORDERS_FLAGS,
    positionals: { min: 1, max: Infinity },
    details: [
      '<order> is a Shopify GID (gid://shopify/Order/123), its numeric id (123) or its name (#1001).',
      'retry makes dead (or failed/pending) orders due now with a fresh attempt budget; the next',
      'sync-orders run pushes them. Who retried and when is written to the log.',
    ].join('\n'),
    load: async () => (await import('./orders-command.js')).runOrdersCommand,
  }),
  databaseCommand({
    name: 'errors',
    summary: 'per-record errors of a run (default: the latest run)',
    usage: 'errors [--run RUN_ID] [--limit N] [--shop SHOP] [--json]',
    flags: ERRORS_FLAGS,
    positionals: { min: 0, max: 0 },
    load: async () => (await import('./errors-command.js')).runErrorsCommand,
  }),
  databaseCommand({
    name: 'resync',
    summary: 'make the next sync-to-shopify run send chosen products or categories again',
    usage: 'resync products|categories <external-id>... [--dry-run] [--shop SHOP]',
    flags: RESYNC_FLAGS,
    positionals: { min: 2, max: Infinity },
    details:
      'Forgets the content hashes stored for those records (products: with their prices); nothing is sent now.',
    load: async () => (await import('./resync-command.js')).runResyncCommand,
  }),
  defineCommand({
    name: 'doctor',
    summary:
      'check everything a run needs (Shopify, API X, Postgres, Pushgateway, Kubernetes) and write nothing',
    usage: 'doctor [--shop SHOP] [--json]',
    flags: DOCTOR_FLAGS,
    positionals: { min: 0, max: 0 },
    details: [
      'One line per check: ok, WARN or FAIL, what was found, and for WARN/FAIL what to do.',
      'Exit 0: a run would work (warnings allowed). 1: a run would fail. 2: wrong command line.',
      'Writes nothing: GraphQL queries only, GETs to API X and the Pushgateway, a read-only',
      'Postgres session, access reviews and Lease reads in Kubernetes.',
      '--json prints one object:',
      '  generatedAt  ISO time',
      '  shop         the shop checked, or null',
      '  exitCode     0 or 1, as the process exits',
      '  checks[]     group (config|runtime|postgres|shopify|apix|pushgateway|kubernetes), name,',
      '               status (ok|warn|fail|skip), found, action (null for ok and skip)',
    ].join('\n'),
    config: 'own',
    run: async (args, io) => (await import('./doctor-command.js')).runDoctorCommand(args, io),
  }),
  defineCommand({
    name: 'worker',
    summary:
      'run both jobs on their schedules in one long-running process (hosts without Kubernetes)',
    usage: 'worker [--run-at-start]',
    flags: WORKER_FLAGS,
    positionals: { min: 0, max: 0 },
    details: [
      'Schedules (5-field cron, UTC): WORKER_SYNC_TO_SHOPIFY_CRON (default 0 3 * * *),',
      'WORKER_SYNC_ORDERS_CRON (default */5 * * * *), WORKER_SYNC_INVENTORY_CRON (unset: not run). Same locks, run records (trigger worker) and',
      'metrics as the CronJobs; one JSON summary line per run. SIGTERM interrupts the running jobs and exits.',
    ].join('\n'),
    config: 'jobs',
    run: async (args, io, env) =>
      (await import('./worker-command.js')).runWorkerCommand(
        args,
        env.config,
        env.logger,
        io,
        env.describeError,
      ),
  }),
];
