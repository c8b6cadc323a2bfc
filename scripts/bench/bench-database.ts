/**
 * The bench's database: a new one on DATABASE_URL's server (or an embedded PostgreSQL), migrated,
 * dropped at the end, so a bench never measures or leaves behind anything of another's.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/adapters/postgres/embedded-postgres.js';
import { migrate } from '../../src/adapters/postgres/migrate.js';

export interface BenchDatabase {
  readonly url: string;
  readonly pool: pg.Pool;
  drop(): Promise<void>;
}

/**
 * A new database on DATABASE_URL's server, or on an embedded PostgreSQL (started here, the same
 * way the test runner does) when DATABASE_URL is unset. Dropped at the end.
 */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  let serverUrl = process.env['DATABASE_URL'];
  let stop = async (): Promise<void> => {};
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir: fileURLToPath(new URL('../../.data/bench-postgres', import.meta.url)),
      port: 54327,
    });
    serverUrl = embedded.url;
    stop = () => embedded.stop();
  }
  const name = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrate({ databaseUrl: url, direction: 'up' });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await stop();
    },
  };
}
