import pg from 'pg';

export interface PoolOptions {
  readonly connectionString: string;
  readonly max?: number;
  readonly applicationName?: string;
  readonly statementTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Called for errors on idle clients (server restart, network drop). */
  readonly onIdleError?: (error: Error) => void;
}

export function createPool(options: PoolOptions): pg.Pool {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  // The connect timeout goes to each new connection, not to the pool: pg-pool also applies its
  // connectionTimeoutMillis to a query waiting for a busy pool, so with 2-3 connections a job
  // (issue 19) a step queued behind a slow statement failed "timeout exceeded when trying to
  // connect". Queued work waits its turn; each holder's statement is bounded by statement_timeout.
  const Client = class extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
    }
  };
  const pool = new pg.Pool({
    Client,
    connectionString: options.connectionString,
    max: options.max ?? 5,
    application_name: options.applicationName ?? 'integration-service',
    statement_timeout: options.statementTimeoutMs ?? 60_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener, an idle client's error (e.g. Postgres restarted) is an unhandled 'error'
  // event that kills the process; the next query reports the problem where it can be handled.
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

/** Runs `work` in a transaction on one client; rolls back on any error. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
