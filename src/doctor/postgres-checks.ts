import pg from 'pg';
import { MIGRATIONS_TABLE, migrationFiles } from '../adapters/postgres/migrate.js';
import { createOperatorStatus } from '../adapters/postgres/operator-status.js';
import { check, type Check } from './check.js';
import { customIdMismatch, type ConfiguredCustomId } from '../app/usecases/custom-id-guard.js';
import { readRecordedCustomId } from '../adapters/postgres/custom-id-record.js';

/** Oldest server the migrations and queries are exercised on (CI: 15; embedded: 18). */
const MIN_SERVER_VERSION = 13;

/**
 * Connects once, in a READ ONLY session (any write would be refused by the server itself), and
 * reads: server version, applied migrations, the role's privileges on the service's tables.
 * `url` null: DATABASE_URL is unset (local runs start an embedded server; doctor does not).
 */
export async function postgresChecks(
  url: string | null,
  options: {
    inKubernetes: boolean;
    timeoutMs: number;
    /** With the postgres lock backend, who holds the jobs' advisory locks of this shop now. */
    advisoryLocksOf?: string | null;
    /** The shop and its configured custom id, held to what its ids were written with. */
    customIdOf?: { shop: string; configured: ConfiguredCustomId } | null;
  },
): Promise<Check[]> {
  if (url === null)
    return [
      check(
        'postgres',
        'reachable',
        options.inKubernetes ? 'fail' : 'warn',
        'DATABASE_URL is not set: local runs start the embedded PostgreSQL under EMBEDDED_POSTGRES_DIR (doctor does not start it)',
        'set DATABASE_URL to a real PostgreSQL for anything but trying the service out',
      ),
    ];
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.timeoutMs,
    statement_timeout: options.timeoutMs,
    application_name: 'integration-service doctor',
  });
  // A connection that fails later (server restart) must not crash the process.
  client.on('error', () => {});
  const host = safeHost(url);
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return [
      check(
        'postgres',
        'reachable',
        'fail',
        `cannot connect to ${host}: ${(error as Error).message}`,
        code === '3D000'
          ? "create the database first, then run 'integration-service migrate up'"
          : 'check DATABASE_URL (host, port, user, password, database) and that the server is up',
      ),
    ];
  }
  try {
    await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
    const out: Check[] = [];
    const info = await client.query<{ num: string; version: string; usr: string; db: string }>(
      `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version,
              current_user AS usr, current_database() AS db`,
    );
    const row = info.rows[0];
    const major = Math.floor(Number(row?.num ?? 0) / 10_000);
    out.push(
      check(
        'postgres',
        'reachable',
        'ok',
        `connected to ${host} as ${row?.usr ?? '?'} (database ${row?.db ?? '?'})`,
      ),
    );
    out.push(
      major >= MIN_SERVER_VERSION
        ? check('postgres', 'version', 'ok', `PostgreSQL ${row?.version ?? major}`)
        : check(
            'postgres',
            'version',
            'warn',
            `PostgreSQL ${row?.version ?? major} is older than ${MIN_SERVER_VERSION}, the oldest tested`,
            'upgrade the server',
          ),
    );
    const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [
      MIGRATIONS_TABLE,
    ]);
    const applied = new Set<string>();
    if (exists.rows[0]?.t)
      for (const r of (await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`))
        .rows)
        applied.add(r.name);
    const files = migrationFiles();
    const pending = files.filter((f) => !applied.has(f));
    out.push(
      pending.length === 0
        ? check('postgres', 'migrations', 'ok', `all ${files.length} migration(s) applied`)
        : check(
            'postgres',
            'migrations',
            'fail',
            `migrations pending: ${pending.length} of ${files.length} not applied (${pending.join(', ')}); the jobs refuse to start`,
            "run 'integration-service migrate up' (the Helm chart does it in its pre-install/pre-upgrade hook)",
          ),
    );
    // Every table the migrations made, in the schema the service uses (search_path's first).
    const privileges = await client.query<{ table: string; missing: string[] }>(
      `SELECT c.relname AS table,
              ARRAY(SELECT p FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE']) AS p
                    WHERE NOT has_table_privilege(c.oid, p)) AS missing
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r','p') AND c.relname <> $1
        ORDER BY c.relname`,
      [MIGRATIONS_TABLE],
    );
    const lacking = privileges.rows.filter((r) => r.missing.length > 0);
    out.push(
      privileges.rows.length === 0
        ? check('postgres', 'privileges', 'skip', 'no tables yet (migrations pending)')
        : lacking.length === 0
          ? check(
              'postgres',
              'privileges',
              'ok',
              `${row?.usr ?? 'the role'} may read and write all ${privileges.rows.length} tables`,
            )
          : check(
              'postgres',
              'privileges',
              'fail',
              `${row?.usr ?? 'the role'} lacks ${lacking.map((r) => `${r.missing.join('/')} on ${r.table}`).join('; ')}`,
              `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA <schema> TO ${row?.usr ?? '<role>'} (and USAGE on its sequences)`,
            ),
    );
    if (options.customIdOf && pending.length === 0)
      out.push(await customIdCheck(client, options.customIdOf.shop, options.customIdOf.configured));
    if (options.advisoryLocksOf && pending.length === 0)
      out.push(await advisoryHolders(url, options.advisoryLocksOf, options.timeoutMs));
    return out;
  } catch (error) {
    return [
      check(
        'postgres',
        'reachable',
        'fail',
        `connected to ${host}, but a read failed: ${(error as Error).message}`,
        'check the role and database in DATABASE_URL',
      ),
    ];
  } finally {
    await client.end().catch(() => {});
  }
}

/** The custom-id guard of sync-to-shopify (custom-id-guard), read-only. */
async function customIdCheck(
  client: pg.Client,
  shop: string,
  configured: ConfiguredCustomId,
): Promise<Check> {
  const recorded = await readRecordedCustomId(client, shop);
  const problem = customIdMismatch(recorded, configured);
  if (problem !== null) return check('postgres', 'custom-id', 'fail', problem);
  const used = `${configured.namespace}.${configured.key}`;
  return check(
    'postgres',
    'custom-id',
    'ok',
    recorded === null
      ? `no product synced yet; the first run records ${used}`
      : `custom ids are written as ${used}`,
  );
}

/** The `status` command's reading of pg_locks, in a read-only pool of one connection. */
async function advisoryHolders(url: string, shop: string, timeoutMs: number): Promise<Check> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: timeoutMs,
    application_name: 'integration-service doctor',
    options: '-c default_transaction_read_only=on',
  });
  pool.on('error', () => {});
  try {
    const holders = (await createOperatorStatus(pool).advisoryHolders()).filter(
      (h) => h.shop === null || h.shop === shop,
    );
    return check(
      'postgres',
      'lock-holders',
      'ok',
      holders.length === 0
        ? 'no job holds a lock now (PostgreSQL advisory locks)'
        : holders
            .map(
              (h) =>
                `${h.job ?? h.lock ?? 'a lock'} is held by ${h.holder} since ${h.since ?? '?'}`,
            )
            .join('; '),
    );
  } catch (error) {
    return check(
      'postgres',
      'lock-holders',
      'warn',
      `cannot read the advisory locks: ${(error as Error).message}`,
      "see 'integration-service status'",
    );
  } finally {
    await pool.end().catch(() => {});
  }
}

/** Host, port and database only: the URL's password never reaches output. */
function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
