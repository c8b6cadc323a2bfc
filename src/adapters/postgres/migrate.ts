import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { packageRoot } from '../../infra/package-root.js';
import { DEFAULT_APPLICATION_NAME, DEFAULT_CONNECT_TIMEOUT_MS } from './pool.js';

export const MIGRATIONS_TABLE = 'pgmigrations';

export function migrationsDir(): string {
  return path.join(packageRoot(), 'migrations');
}

export interface MigrationLogger {
  info(message: string): void;
}

export interface MigrationStatus {
  readonly name: string;
  readonly appliedAt: string | null;
}

/** Applies pending migrations (up) or undoes `count` of them (down; Infinity for all). */
export async function migrate(options: {
  databaseUrl: string;
  direction: 'up' | 'down';
  count?: number;
  logger?: MigrationLogger;
}): Promise<string[]> {
  const logger = options.logger ?? { info: () => {} };
  // Our own client rather than node-pg-migrate's: its close() does not wait for the connection to
  // end (node-pg-migrate 9.0.0, db.ts `client.end()` unawaited) and its client has no 'error'
  // listener, so a server that stops right after a migration (the demo's embedded PostgreSQL)
  // sends a FATAL 57P01 to a live socket and the process dies of an unhandled 'error' event.
  const client = new pg.Client({ connectionString: options.databaseUrl });
  client.on('error', (error) => logger.info(`migration connection closed: ${error.message}`));
  await client.connect();
  try {
    return await runMigrations(client, options, logger);
  } finally {
    await client.end();
  }
}

async function runMigrations(
  client: pg.Client,
  options: { direction: 'up' | 'down'; count?: number },
  logger: MigrationLogger,
): Promise<string[]> {
  // Loaded here, not at the top: every job checks migrationStatus at start, and importing
  // node-pg-migrate cost ~0.4 s of CPU (0.7-0.9 s on a busy 2-core machine) that only a
  // migration needs.
  const { runner } = await import('node-pg-migrate');
  const ran = await runner({
    dbClient: client,
    dir: migrationsDir(),
    migrationsTable: MIGRATIONS_TABLE,
    direction: options.direction,
    count: options.count ?? (options.direction === 'up' ? Infinity : 1),
    checkOrder: true,
    singleTransaction: true,
    log: (message: string) => logger.info(message),
    logger: {
      debug: () => {},
      info: (m: string) => logger.info(m),
      warn: (m: string) => logger.info(m),
      error: (m: string) => logger.info(m),
    },
  });
  return ran.map((m) => m.name);
}

export function migrationFiles(): string[] {
  return readdirSync(migrationsDir())
    .filter((f) => /^\d+_.+\.(sql|js)$/.test(f))
    .map((f) => f.replace(/\.(sql|js)$/, ''))
    .sort();
}

/**
 * Every migration file with the time it was applied, or null when pending. Every job asks this at
 * start, so its connection carries the pool's connect timeout (a silent server fails the job
 * instead of hanging it) and application_name (it shows in pg_stat_activity as ours).
 */
export async function migrationStatus(
  databaseUrl: string,
  connection: { readonly applicationName?: string; readonly connectTimeoutMs?: number } = {},
): Promise<MigrationStatus[]> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: connection.applicationName ?? DEFAULT_APPLICATION_NAME,
    connectionTimeoutMillis: connection.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  await client.connect();
  try {
    const exists = await client.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [
      MIGRATIONS_TABLE,
    ]);
    const applied = new Map<string, string>();
    if (exists.rows[0]?.t) {
      const rows = await client.query<{ name: string; run_on: Date }>(
        `SELECT name, run_on FROM ${MIGRATIONS_TABLE}`,
      );
      for (const row of rows.rows) applied.set(row.name, row.run_on.toISOString());
    }
    return migrationFiles().map((name) => ({ name, appliedAt: applied.get(name) ?? null }));
  } finally {
    await client.end();
  }
}
