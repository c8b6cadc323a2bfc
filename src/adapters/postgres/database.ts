import { UpstreamError } from '../../domain/errors.js';
import type { Logger } from '../../domain/ports/logger.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { migrationStatus } from './migrate.js';

export interface Database {
  readonly url: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

/** Where the database is: a URL, or (null) the embedded server's folder, port and database. */
export interface DatabaseLocation {
  readonly url: string | null;
  readonly embeddedDataDir: string;
  readonly embeddedPort: number;
  readonly embeddedDatabase: string;
}

/** DATABASE_URL, or the embedded PostgreSQL when it is unset outside Kubernetes. */
export async function openDatabase(where: DatabaseLocation, logger: Logger): Promise<Database> {
  if (where.url) return { url: where.url, embedded: false, close: async () => {} };
  const server = await startEmbeddedPostgres({
    dataDir: where.embeddedDataDir,
    port: where.embeddedPort,
  });
  logger.info(
    { dataDir: where.embeddedDataDir, port: where.embeddedPort },
    'DATABASE_URL is not set: using the embedded PostgreSQL (local runs only)',
  );
  const url = new URL(server.url);
  url.pathname = `/${encodeURIComponent(where.embeddedDatabase)}`;
  // embedded-postgres stops the server it started when this process exits; one started by
  // another process keeps running.
  return { url: url.toString(), embedded: true, close: async () => {} };
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
