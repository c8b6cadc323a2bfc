import type pg from 'pg';
import type { Config } from '../config/config.js';
import { UpstreamError } from '../domain/errors.js';
import { startEmbeddedPostgres } from '../adapters/postgres/embedded-postgres.js';
import { migrationStatus } from '../adapters/postgres/migrate.js';
import { createPool } from '../adapters/postgres/pool.js';
import type { Logger } from '../domain/ports/logger.js';

export interface Database {
  readonly url: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

/** DATABASE_URL, or the embedded PostgreSQL when it is unset outside Kubernetes. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.database.url)
    return { url: config.database.url, embedded: false, close: async () => {} };
  const server = await startEmbeddedPostgres({
    dataDir: config.database.embeddedDataDir,
    port: config.database.embeddedPort,
  });
  logger.info(
    { dataDir: config.database.embeddedDataDir, port: config.database.embeddedPort },
    'DATABASE_URL is not set: using the embedded PostgreSQL (local runs only)',
  );
  const url = new URL(server.url);
  url.pathname = `/${encodeURIComponent(config.database.embeddedDatabase)}`;
  // embedded-postgres stops the server it started when this process exits; one started by
  // another process keeps running.
  return { url: url.toString(), embedded: true, close: async () => {} };
}

export function openPool(config: Config, url: string, logger: Logger): pg.Pool {
  return createPool({
    connectionString: url,
    max: config.database.poolMax,
    statementTimeoutMs: config.database.statementTimeoutMs,
    applicationName: `integration-service ${config.lock.identity}`.slice(0, 63),
    onIdleError: (error) =>
      logger.warn({ err: error.message }, 'idle PostgreSQL connection failed'),
  });
}

// Failures of connecting, as opposed to failures of a statement: the server is not there, or
// refuses us, or has no such database.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
  '28000', // invalid authorization
  '28P01', // password authentication failed
  '3D000', // invalid catalog name: the database does not exist
]);

/**
 * A failure to connect as an operator needs it: what failed and what to do next (a missing
 * database says how to create it). null for errors that are not about connecting.
 */
export function connectError(error: unknown, url: string): UpstreamError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !CONNECT_CODES.has(code)) return null;
  if (code === '3D000') {
    let database = '';
    let server = '';
    try {
      const u = new URL(url);
      database = decodeURIComponent(u.pathname.slice(1));
      u.pathname = '/postgres';
      u.password = '';
      u.search = '';
      server = u.toString();
    } catch {
      // an unparsable URL has been reported by pg already
    }
    return new UpstreamError(
      'postgres',
      `database "${database}" does not exist on ${server ? new URL(server).host : 'the server'}`,
      {
        retryable: false,
        hint: `create it first, e.g. psql "${server}" -c 'CREATE DATABASE "${database}"' (or in your provider's console), then run 'integration-service migrate up'`,
        cause: error,
      },
    );
  }
  return new UpstreamError(
    'postgres',
    `cannot connect to PostgreSQL: ${(error as Error).message}`,
    { retryable: true, hint: 'check DATABASE_URL and that the server is up', cause: error },
  );
}

/** Fails with a clear next step when the database is unreachable or migrations are pending. */
export async function assertSchemaReady(url: string): Promise<void> {
  let status;
  try {
    status = await migrationStatus(url);
  } catch (error) {
    throw (
      connectError(error, url) ??
      new UpstreamError('postgres', `cannot connect to PostgreSQL: ${(error as Error).message}`, {
        retryable: true,
        hint: 'check DATABASE_URL and that the server is up',
        cause: error,
      })
    );
  }
  const pending = status.filter((m) => m.appliedAt === null);
  if (pending.length > 0) {
    throw new UpstreamError(
      'postgres',
      `${pending.length} database migration(s) not applied (${pending.map((m) => m.name).join(', ')})`,
      {
        retryable: false,
        hint: "run 'integration-service migrate up' (the Helm chart does it in a pre-install/pre-upgrade hook)",
      },
    );
  }
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
  const db = await openDatabase(config, logger);
  try {
    await assertSchemaReady(db.url);
    const pool = openPool(config, db.url, logger);
    try {
      return await work(pool);
    } finally {
      await pool.end();
    }
  } finally {
    await db.close();
  }
}
