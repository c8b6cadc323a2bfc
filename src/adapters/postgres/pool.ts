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

/** Every connection this service opens, pooled or not, names itself and bounds its connect. */
export const DEFAULT_APPLICATION_NAME = 'integration-service';
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** What pg-pool says when a checkout waited its connectionTimeoutMillis in the queue. */
const QUEUE_TIMEOUT = 'timeout exceeded when trying to connect';

type Checkout = (
  callback: (error: Error | undefined, client?: pg.PoolClient, done?: () => void) => void,
) => void;

export function createPool(options: PoolOptions): pg.Pool {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const statementTimeoutMs = options.statementTimeoutMs ?? 60_000;
  // A query waiting for a busy pool waits while the holders finish: each statement is bounded by
  // statement_timeout, and a holder idle inside a transaction by idle_in_transaction_session_timeout,
  // so a turn normally comes within one statement plus one connect. Past that the pool is too
  // small for the work (issue 19: 2-3 connections a job) or a holder leaked, and the wait fails
  // with a named error instead of hanging (pg-pool's end() does not settle queued waiters).
  const queueTimeoutMs = statementTimeoutMs + connectTimeoutMs;
  // pg-pool hands its own options, connectionTimeoutMillis included, to every new Client; this
  // Client subclass (pg-pool constructs it with `new`, so a factory cannot stand in) puts back the
  // short connect timeout, so opening a connection to an unanswering server fails after
  // connectTimeoutMs while the queue gets queueTimeoutMs.
  const Client = class extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
    }
  };
  const max = options.max ?? 5;
  const pool = new pg.Pool({
    Client,
    connectionString: options.connectionString,
    max,
    application_name: options.applicationName ?? DEFAULT_APPLICATION_NAME,
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: statementTimeoutMs,
    connectionTimeoutMillis: queueTimeoutMs,
    idleTimeoutMillis: 30_000,
  });
  const named = (error: Error | undefined): Error | undefined =>
    error?.message === QUEUE_TIMEOUT
      ? new Error(
          `timeout: waited ${queueTimeoutMs} ms for one of the ${max} pooled PostgreSQL connections ` +
            '(statement timeout + connect timeout). Raise DATABASE_POOL_MAX, or look for slow ' +
            'statements or a transaction left open holding a connection.',
          { cause: error },
        )
      : error;
  // pool.query checks out through this.connect with a callback, so replacing connect on this
  // instance names the queue timeout for both pool.query and pool.connect.
  const checkout = pool.connect.bind(pool) as unknown as Checkout;
  const connect = (callback?: Parameters<Checkout>[0]): Promise<pg.PoolClient> | undefined => {
    if (callback) {
      checkout((error, client, done) => callback(named(error), client, done));
      return undefined;
    }
    return new Promise((resolve, reject) =>
      checkout((error, client) => {
        if (client && !error) resolve(client);
        else reject(named(error) ?? new Error('pg-pool handed out no client and no error'));
      }),
    );
  };
  pool.connect = connect as typeof pool.connect;
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
