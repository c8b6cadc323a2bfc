import type { JobName } from '../domain/model/sync-run.js';
import { PUSHGATEWAY_JOB } from '../infra/metrics/metric-names.js';
import { buildRunRegistry } from '../infra/metrics/run-metrics.js';
import { scrubUrlCredentials } from '../adapters/logging/redact.js';
import { check, type Check } from './check.js';

const JOBS: readonly JobName[] = ['sync-to-shopify', 'sync-orders'];
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface PushgatewayDoctorOptions {
  readonly url: string | null;
  readonly shop: string;
  readonly timeoutMs: number;
  readonly version: string;
  readonly fetch?: typeof fetch;
}

interface GatewayFamily {
  readonly group: Readonly<Record<string, string>>;
  readonly name: string;
  readonly type: string;
  readonly help: string;
}

/**
 * Read-only: GET /-/ready, then GET /api/v1/metrics (the gateway's query API) to see the groups
 * it holds. A push is refused (HTTP 400) when a metric it carries has another type than the same
 * metric in any group already there (the gateway's consistency check, pushgateway README "About
 * the consistency check"; a differing help text alone is accepted, as the e2e test shows against
 * the real Pushgateway 1.5.1), or when the grouping key is malformed; both are checked here
 * without pushing anything.
 */
export async function pushgatewayChecks(options: PushgatewayDoctorOptions): Promise<Check[]> {
  if (options.url === null)
    return [
      check(
        'pushgateway',
        'reachable',
        'skip',
        'PUSHGATEWAY_URL is not set: no metrics are pushed (the dashboard and alerts stay empty)',
      ),
    ];
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = options.url.replace(/\/+$/, '');
  const shown = scrubUrlCredentials(base);
  const get = (path: string) =>
    doFetch(`${base}${path}`, { signal: AbortSignal.timeout(options.timeoutMs) });
  try {
    const ready = await get('/-/ready');
    if (ready.status !== 200)
      return [
        check(
          'pushgateway',
          'reachable',
          'fail',
          `Pushgateway down: ${shown}/-/ready answered HTTP ${ready.status}`,
          'check the Pushgateway and PUSHGATEWAY_URL (a failed push never fails a run, but the alerts go blind)',
        ),
      ];
  } catch (error) {
    return [
      check(
        'pushgateway',
        'reachable',
        'fail',
        `Pushgateway down: cannot reach ${shown}: ${scrubUrlCredentials((error as Error).message)}`,
        'check PUSHGATEWAY_URL and that the Pushgateway runs (a failed push never fails a run, but the alerts go blind)',
      ),
    ];
  }
  const out: Check[] = [check('pushgateway', 'reachable', 'ok', `${shown} is ready`)];

  const key = { job: PUSHGATEWAY_JOB, subcommand: JOBS[0] ?? '', shop: options.shop };
  const badKey = Object.entries(key).filter(
    ([name, value]) => !LABEL_NAME.test(name) || value === '',
  );
  if (badKey.length > 0) {
    out.push(
      check(
        'pushgateway',
        'grouping-key',
        'fail',
        `the grouping key has an empty or invalid label: ${badKey.map(([n]) => n).join(', ')}`,
        'set SHOPIFY_SHOP',
      ),
    );
    return out;
  }
  let families: GatewayFamily[];
  try {
    const response = await get('/api/v1/metrics');
    families = response.status === 200 ? readFamilies(await response.json()) : [];
  } catch {
    families = [];
  }
  const ours = await ourFamilies(options.shop, options.version);
  const conflicts = families.filter((f) => {
    const mine = ours.get(f.name);
    return mine && mine.type !== f.type.toLowerCase();
  });
  const groups = new Set(
    families
      .filter((f) => f.group['job'] === PUSHGATEWAY_JOB && f.group['shop'] === options.shop)
      .map((f) => f.group['subcommand'] ?? ''),
  );
  out.push(
    conflicts.length > 0
      ? check(
          'pushgateway',
          'grouping-key',
          'fail',
          `the gateway would refuse our pushes: ${conflicts
            .slice(0, 3)
            .map(
              (c) =>
                `${c.name} exists in group ${JSON.stringify(c.group)} as a ${c.type.toLowerCase()}, we push a ${ours.get(c.name)?.type ?? '?'}`,
            )
            .join('; ')}`,
          'delete those stale groups (Pushgateway UI "Delete group", or DELETE /metrics/job/...) left by an older version',
        )
      : check(
          'pushgateway',
          'grouping-key',
          'ok',
          `job="${PUSHGATEWAY_JOB}", subcommand, shop="${options.shop}" is a valid key and no group holds a conflicting metric${groups.size > 0 ? ` (groups present: ${[...groups].sort().join(', ')})` : ' (no push yet)'}`,
        ),
  );
  return out;
}

/** Name -> type and help of every metric a run pushes, from the same registry the pusher uses. */
async function ourFamilies(
  shop: string,
  version: string,
): Promise<Map<string, { type: string; help: string }>> {
  const map = new Map<string, { type: string; help: string }>();
  for (const job of JOBS) {
    const at = new Date();
    const registry = buildRunRegistry(
      {
        job,
        shop,
        status: 'succeeded',
        startedAt: at,
        finishedAt: at,
        counts: {},
        recordErrors: {},
        shopify: { costPoints: 0, throttled: 0 },
        apixRequests: { ok: 0 },
        ordersBacklog: { pending: 0 },
        shipmentsHeld: { waiting: 0, refused: 0, oldestAgeSeconds: 0 },
      },
      version,
    );
    for (const m of await registry.getMetricsAsJSON())
      map.set(m.name, { type: String(m.type).toLowerCase(), help: m.help });
  }
  return map;
}

/** The query API's `{data: [{labels, <metric>: {type, help, ...}, ...}]}`. */
function readFamilies(body: unknown): GatewayFamily[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  return data.flatMap((group: unknown) => {
    if (typeof group !== 'object' || group === null) return [];
    const g = group as Record<string, unknown>;
    const labels = (g['labels'] ?? {}) as Record<string, string>;
    return Object.entries(g).flatMap(([name, value]) => {
      if (name === 'labels' || typeof value !== 'object' || value === null) return [];
      const v = value as Record<string, unknown>;
      if (typeof v['type'] !== 'string') return [];
      return [
        {
          group: labels,
          name,
          type: v['type'],
          help: typeof v['help'] === 'string' ? v['help'] : '',
        },
      ];
    });
  });
}
