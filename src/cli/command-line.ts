/**
 * The command line: which subcommands exist, their flags, and their help text. Parsing is pure so
 * it is tested by tables; main.ts turns a usage error into exit code 2.
 */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: Readonly<Record<string, { readonly takesValue: boolean; readonly help: string }>>;
  readonly positionals: { readonly min: number; readonly max: number };
  /** More help after the options (e.g. the keys of --json output). */
  readonly details?: string;
}

const common = {
  help: { takesValue: false, help: 'show this help' },
} as const;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'sync-to-shopify',
    summary: 'send categories, products and prices from API X to Shopify (the daily job)',
    usage: 'sync-to-shopify [--dry-run] [--force-archive] [--trigger schedule|manual|worker|demo]',
    flags: {
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
    },
    positionals: { min: 0, max: 0 },
  },
  {
    name: 'sync-orders',
    summary:
      'pull new and changed Shopify orders into Postgres and push them to API X (every 5 minutes)',
    usage: 'sync-orders [--dry-run] [--trigger schedule|manual|worker|demo]',
    flags: {
      ...common,
      'dry-run': {
        takesValue: false,
        help: 'fetch and show what would be stored and pushed; write nothing',
      },
      trigger: { takesValue: true, help: 'recorded with the run' },
    },
    positionals: { min: 0, max: 0 },
  },
  {
    name: 'sync-inventory',
    summary:
      'set Shopify on hand per location from API X stock (every 10 minutes; reconciles daily)',
    usage: 'sync-inventory [--dry-run] [--trigger schedule|manual|worker|demo]',
    flags: {
      ...common,
      'dry-run': {
        takesValue: false,
        help: 'read API X and the shop, show how many levels would change; write nothing',
      },
      trigger: { takesValue: true, help: 'recorded with the run' },
    },
    positionals: { min: 0, max: 0 },
    details: [
      'INVENTORY_LOCATIONS maps API X warehouses to Shopify locations: WH-1=Main warehouse;WH-2=gid://shopify/Location/2',
      '(a name or a GID). A location the shop lacks, or an inactive one, stops the run (exit 1) naming it.',
      'Every INVENTORY_RECONCILE_HOURS (default 24) a run reads all stock and corrects levels edited in Shopify.',
    ].join('\n'),
  },
  {
    name: 'migrate',
    summary: 'apply, undo or list database migrations',
    usage:
      'migrate up [--dry-run] | migrate down [--count N|--all] [--dry-run] --yes | migrate status',
    flags: {
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
    },
    positionals: { min: 1, max: 1 },
  },
  {
    name: 'status',
    summary: 'recent runs, lock holders, order backlog and the latest per-record errors',
    usage: 'status [--json] [--shop SHOP] [--runs N]',
    flags: {
      ...common,
      json: {
        takesValue: false,
        help: 'machine-readable output (keys below; new keys may be added, none renamed)',
      },
      shop: { takesValue: true, help: 'only this shop (default: all shops in the database)' },
      runs: { takesValue: true, help: 'runs shown per job and shop (default 5)' },
    },
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
  },
  {
    name: 'orders',
    summary: 'show one order and its push history, or retry dead orders',
    usage:
      'orders show <order> | orders retry <order>... [--dry-run] | orders retry --all-dead [--dry-run]',
    flags: {
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
    },
    positionals: { min: 1, max: Infinity },
    details: [
      '<order> is a Shopify GID (gid://shopify/Order/123), its numeric id (123) or its name (#1001).',
      'retry makes dead (or failed/pending) orders due now with a fresh attempt budget; the next',
      'sync-orders run pushes them. Who retried and when is written to the log.',
    ].join('\n'),
  },
  {
    name: 'errors',
    summary: 'per-record errors of a run (default: the latest run)',
    usage: 'errors [--run RUN_ID] [--limit N] [--shop SHOP] [--json]',
    flags: {
      ...common,
      run: { takesValue: true, help: 'the run id (see status)' },
      limit: { takesValue: true, help: 'at most this many errors, newest first (default 50)' },
      shop: {
        takesValue: true,
        help: 'the latest run of this shop (default: SHOPIFY_SHOP, else any shop)',
      },
      json: { takesValue: false, help: 'machine-readable output' },
    },
    positionals: { min: 0, max: 0 },
  },
  {
    name: 'resync',
    summary: 'make the next sync-to-shopify run send chosen products or categories again',
    usage: 'resync products|categories <external-id>... [--dry-run] [--shop SHOP]',
    flags: {
      ...common,
      'dry-run': { takesValue: false, help: 'print what would change and change nothing' },
      shop: { takesValue: true, help: 'the shop (default: SHOPIFY_SHOP, else every shop)' },
    },
    positionals: { min: 2, max: Infinity },
    details:
      'Forgets the content hashes stored for those records (products: with their prices); nothing is sent now.',
  },
  {
    name: 'doctor',
    summary:
      'check everything a run needs (Shopify, API X, Postgres, Pushgateway, Kubernetes) and write nothing',
    usage: 'doctor [--shop SHOP] [--json]',
    flags: {
      ...common,
      shop: { takesValue: true, help: 'the shop to check (default: SHOPIFY_SHOP)' },
      json: {
        takesValue: false,
        help: 'machine-readable output (keys below; new keys may be added, none renamed)',
      },
    },
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
  },
  {
    name: 'worker',
    summary:
      'run both jobs on their schedules in one long-running process (hosts without Kubernetes)',
    usage: 'worker [--run-at-start]',
    flags: {
      ...common,
      'run-at-start': {
        takesValue: false,
        help: 'run both jobs once right away, then follow the schedules',
      },
    },
    positionals: { min: 0, max: 0 },
    details: [
      'Schedules (5-field cron, UTC): WORKER_SYNC_TO_SHOPIFY_CRON (default 0 3 * * *),',
      'WORKER_SYNC_ORDERS_CRON (default */5 * * * *), WORKER_SYNC_INVENTORY_CRON (unset: not run). Same locks, run records (trigger worker) and',
      'metrics as the CronJobs; one JSON summary line per run. SIGTERM interrupts the running jobs and exits.',
    ].join('\n'),
  },
];

export type ParsedCommandLine =
  | { readonly kind: 'help'; readonly command: CommandSpec | null }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      readonly command: CommandSpec;
      readonly flags: Readonly<Record<string, string | true>>;
      readonly positionals: readonly string[];
    }
  | {
      readonly kind: 'usage-error';
      readonly message: string;
      readonly command: CommandSpec | null;
    };

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    return { kind: 'help', command: null };
  }
  if (first === '--version' || first === '-v') return { kind: 'version' };
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    return { kind: 'usage-error', message: `unknown command '${first}'`, command: null };
  }
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '-h') return { kind: 'help', command };
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    const spec = command.flags[name];
    if (!spec)
      return {
        kind: 'usage-error',
        message: `unknown option '--${name}' for ${command.name}`,
        command,
      };
    if (name === 'help') return { kind: 'help', command };
    if (spec.takesValue) {
      const value = inline ?? rest[++i];
      if (value === undefined || value.startsWith('--')) {
        return { kind: 'usage-error', message: `option '--${name}' needs a value`, command };
      }
      flags[name] = value;
    } else {
      if (inline !== undefined)
        return { kind: 'usage-error', message: `option '--${name}' takes no value`, command };
      flags[name] = true;
    }
  }
  if (
    positionals.length < command.positionals.min ||
    positionals.length > command.positionals.max
  ) {
    const extra = positionals.length > command.positionals.max;
    return {
      kind: 'usage-error',
      message: extra
        ? `unexpected argument '${positionals[command.positionals.max] ?? ''}'`
        : 'missing argument',
      command,
    };
  }
  return { kind: 'run', command, flags, positionals };
}

export function generalHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `integration-service ${version}: keeps a Shopify store in step with API X`,
    '',
    'Usage: integration-service <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options: --help (also after a command), --version',
    'Configuration comes from environment variables; see README.md.',
  ].join('\n');
}

export function commandHelp(command: CommandSpec): string {
  const width = Math.max(...Object.keys(command.flags).map((f) => f.length + 2));
  return [
    `${command.summary}`,
    '',
    `Usage: integration-service ${command.usage}`,
    '',
    'Options:',
    ...Object.entries(command.flags).map(
      ([name, f]) => `  ${`--${name}`.padEnd(width)}  ${f.help}`,
    ),
    ...(command.details ? ['', command.details] : []),
  ].join('\n');
}
