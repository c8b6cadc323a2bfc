import { createHash } from 'node:crypto';
import pg from 'pg';
import { UpstreamError } from '../../domain/errors.js';
import type { HeldLock, Lock, LockAttempt } from '../../domain/ports/lock.js';
import type { Logger } from '../../domain/ports/logger.js';
import { redactUrl } from '../logging/redact.js';

export interface AdvisoryLockOptions {
  readonly connectionString: string;
  /** Who we are (pod or host name plus pid); shown to losers through `application_name`. */
  readonly identity: string;
  readonly logger: Logger;
  /**
   * How often the held connection is probed. A connection can die silently (network partition);
   * the probe notices, and the lock is then treated as lost. Default 15 s.
   */
  readonly checkEverySeconds?: number;
  /** Connect and probe timeout. Default 10 s. */
  readonly timeoutMs?: number;
}

const APPLICATION_PREFIX = 'integration-service:';
// Postgres keeps at most NAMEDATALEN - 1 bytes of application_name, ASCII only.
const MAX_APPLICATION_NAME = 63;

/**
 * The 64-bit advisory-lock key of a lock name: the first 8 bytes of its SHA-256, as a signed
 * bigint. Stable across processes, versions and machines (never `hashtext`, whose output may
 * change between Postgres releases).
 */
export function advisoryLockKey(name: string): bigint {
  return createHash('sha256').update(name).digest().readBigInt64BE(0);
}

/**
 * A lock held as a session-level `pg_try_advisory_lock` on a connection of its own, kept open for
 * as long as the lock is held (a pooled connection would carry the lock back into the pool, and
 * the next borrower would hold it). The connection's `application_name` carries our identity, so
 * a loser can name the holder from `pg_locks` + `pg_stat_activity`; the holder's `backend_start`
 * is the "since". Postgres releases the lock by itself when the holder's connection ends, however
 * it ends; `lost` aborts when our connection errors, ends or stops answering.
 */
export function createAdvisoryLock(options: AdvisoryLockOptions): Lock {
  const { identity, logger } = options;
  const checkEveryMs = (options.checkEverySeconds ?? 15) * 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const applicationName = toApplicationName(`${APPLICATION_PREFIX}${identity}`);

  async function tryAcquire(name: string): Promise<LockAttempt> {
    const key = advisoryLockKey(name);
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: applicationName,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
    });
    let onError: (error: Error) => void = () => {};
    // Without a listener an error on this idle connection would be an uncaught 'error' event.
    client.on('error', (error) => onError(error));
    try {
      await client.connect();
      const result = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS ok',
        [key.toString()],
      );
      if (result.rows[0]?.ok !== true) {
        const holder = await findHolder(client, key);
        await client.end().catch(() => {});
        return { acquired: false, ...holder };
      }
    } catch (error) {
      await client.end().catch(() => {});
      throw new UpstreamError(
        'postgres',
        `could not take advisory lock "${name}" on ${redactUrl(options.connectionString)}: ${(error as Error).message}`,
        {
          retryable: true,
          cause: error,
        },
      );
    }
    logger.info({ lock: name, key: key.toString(), identity }, 'advisory lock acquired');

    const controller = new AbortController();
    let released = false;
    const lose = (reason: string, error?: unknown) => {
      if (released || controller.signal.aborted) return;
      clearInterval(probe);
      logger.error({ lock: name, identity, err: error }, `advisory lock lost: ${reason}`);
      controller.abort(new Error(`lock ${name} lost: ${reason}`));
      client.end().catch(() => {});
    };
    onError = (error) => lose(`the lock's database connection failed (${error.message})`, error);
    client.on('end', () => lose('the database connection closed'));
    const probe = setInterval(() => {
      client
        .query('SELECT 1')
        .catch((error: unknown) =>
          lose(`the database connection stopped answering (${(error as Error).message})`, error),
        );
    }, checkEveryMs);
    // A forgotten release must not keep the process alive; ending the process frees the lock.
    probe.unref();

    const held: HeldLock = {
      lost: controller.signal,
      async release() {
        if (released) return;
        released = true;
        clearInterval(probe);
        if (controller.signal.aborted) return;
        try {
          await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]);
          logger.info({ lock: name }, 'advisory lock released');
        } catch (error) {
          // Closing the session below frees the lock anyway.
          logger.warn(
            { lock: name, err: error },
            'advisory unlock failed; closing the connection frees it',
          );
        } finally {
          await client.end().catch(() => {});
        }
      },
    };
    return { acquired: true, held };
  }

  return { tryAcquire };
}

async function findHolder(
  client: pg.Client,
  key: bigint,
): Promise<{ holder: string; since: string | null }> {
  // A bigint key is stored as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
  const unsigned = BigInt.asUintN(64, key);
  const result = await client.query<{
    application_name: string | null;
    backend_start: Date | null;
    pid: number;
  }>(
    `SELECT a.application_name, a.backend_start, l.pid
       FROM pg_locks l
       LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid::bigint = $1::bigint AND l.objid::bigint = $2::bigint
      LIMIT 1`,
    [(unsigned >> 32n).toString(), (unsigned & 0xffffffffn).toString()],
  );
  const row = result.rows[0];
  if (!row) return { holder: 'unknown (released just now)', since: null };
  const app = row.application_name ?? '';
  const holder = app.startsWith(APPLICATION_PREFIX)
    ? app.slice(APPLICATION_PREFIX.length)
    : `${app || 'unknown client'} (pid ${row.pid})`;
  return { holder, since: row.backend_start ? row.backend_start.toISOString() : null };
}

function toApplicationName(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, MAX_APPLICATION_NAME);
}
