/**
 * Peak PostgreSQL connections to a bench database (issue 19: "each job holds at most 2-3
 * database connections"): pg_stat_activity polled every 50 ms until stop(). A poll can miss a
 * connection that lives less than 50 ms; a pool keeps its connections open for 30 s idle, so the
 * pooled ones are seen. Only client backends count: a parallel query's workers carry their
 * leader's application_name (GUCs are copied to them) and showed one process at 30k as 3 pooled
 * connections + 2 workers + its lock = 6.
 */
import pg from 'pg';

/** The watcher's own connections are named this, so no watcher counts another. */
const WATCH_NAME = 'bench-watch';

export interface ConnectionPeaks {
  /** The most connections to the database at one poll (the benches' own pools included). */
  readonly total: number;
  /** The most one service process held at one poll: its pool and its Postgres lock together. */
  readonly perProcess: number;
}

export interface ConnectionWatch {
  stop(): Promise<ConnectionPeaks>;
}

/**
 * One service process, from application_name: the pool names its connections
 * "integration-service <identity>" and the advisory lock "integration-service:<identity>"
 * (composition-root.ts, advisory-lock.ts), the identity being host and pid in a bench. Null for
 * connections that are not the service's (the bench's own pool, psql).
 */
export function serviceProcessOf(applicationName: string): string | null {
  const m = /^integration-service[: ](.+)$/.exec(applicationName);
  return m?.[1] ?? null;
}

/** Peaks of one poll's rows (application_name, connections). */
export function peaksOf(rows: readonly { app: string; n: number }[]): ConnectionPeaks {
  const byProcess = new Map<string, number>();
  for (const r of rows) {
    const key = serviceProcessOf(r.app);
    if (key !== null) byProcess.set(key, (byProcess.get(key) ?? 0) + r.n);
  }
  return {
    total: rows.reduce((n, r) => n + r.n, 0),
    perProcess: Math.max(0, ...byProcess.values()),
  };
}

export async function watchConnections(url: string): Promise<ConnectionWatch> {
  const client = new pg.Client({ connectionString: url, application_name: WATCH_NAME });
  await client.connect();
  let peak: ConnectionPeaks = { total: 0, perProcess: 0 };
  let running = true;
  let failed: Error | null = null;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ app: string; n: number }>(
        `SELECT application_name AS app, count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name <> $1
            AND backend_type = 'client backend'
          GROUP BY application_name`,
        [WATCH_NAME],
      );
      const now = peaksOf(rows);
      peak = {
        total: Math.max(peak.total, now.total),
        perProcess: Math.max(peak.perProcess, now.perProcess),
      };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })().catch((error: unknown) => {
    // Kept for stop(): a rejection nobody awaits yet would end the bench mid-run.
    failed = error instanceof Error ? error : new Error(String(error));
  });
  return {
    async stop() {
      running = false;
      await loop;
      await client.end().catch(() => {});
      if (failed !== null) throw failed;
      return peak;
    },
  };
}
