import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Test } from 'uvu';
import { migrate } from '../../src/adapters/postgres/migrate.js';
import { createPool } from '../../src/adapters/postgres/pool.js';
import { withDatabase } from '../../scripts/support/database-url.js';
import { usePerFile } from './per-file.js';

/**
 * A fresh, migrated database of its own for one test file, on the server the test runner chose
 * (TEST_DATABASE_URL, falling back to DATABASE_URL). Drop it in `after`.
 */
export interface TestDatabase {
  readonly url: string;
  readonly pool: pg.Pool;
  drop(): Promise<void>;
}

export function serverUrl(): string {
  const url = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'];
  if (!url)
    throw new Error('no TEST_DATABASE_URL: run tests through `npm test`, or set DATABASE_URL');
  return url;
}

export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const name = `it_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl(), name);
  if (options.migrated !== false) await migrate({ databaseUrl: url, direction: 'up' });
  const pool = createPool({ connectionString: url, max: 10 });
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: serverUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A database of the test file's own, made in `before` and dropped in `after` (see usePerFile). */
export function useTestDatabase<C>(
  test: Test<C>,
  options: { migrated?: boolean } = {},
): TestDatabase {
  return usePerFile(
    test,
    () => createTestDatabase(options),
    (db) => db.drop(),
  );
}
