/**
 * Floors for the catalogue bench, each measured in the same run as the figure it judges: the
 * least time any implementation needs for one part of a run on this machine, against these
 * simulators. A ratio to them says how much of a run is the service's own work.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';

export type FloorName = 'apix' | 'copy' | 'pacing' | 'bulk';

/** Seconds per floor; null when it could not be measured (then the sum leaves it out). */
export type Floors = Readonly<Record<FloorName, number | null>>;

/** The least time Shopify lets `points` of mutations take: a full bucket first, then its restore rate. */
export function pacingFloorSeconds(points: number, bucket: number, restoreRate: number): number {
  return Math.max(0, points - bucket) / restoreRate;
}

/** The least time Shopify's bulk operations of `rows` lines take at `rowsPerSecond`. */
export function bulkFloorSeconds(rows: number, rowsPerSecond: number): number {
  return rows / rowsPerSecond;
}

/** The floors that apply, summed (unmeasured ones left out), and wall / that sum. */
export function floorRatio(
  wallSeconds: number,
  floors: Floors,
  applies: readonly FloorName[],
): { floorSeconds: number; ratio: number | null } {
  const floorSeconds = applies.reduce((sum, name) => sum + (floors[name] ?? 0), 0);
  return { floorSeconds, ratio: floorSeconds > 0 ? wallSeconds / floorSeconds : null };
}

const get = (agent: Agent, url: URL, token: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(Buffer.concat(chunks).toString('utf8'))
          : reject(new Error(`API X floor read: ${url.pathname} answered ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });

/** One API X list read in full, one page after another over `agent`: pages and records. */
async function readList(
  agent: Agent,
  baseUrl: string,
  token: string,
  list: string,
  pageSize: number,
): Promise<{ pages: number; records: number }> {
  let pages = 0;
  let records = 0;
  let cursor: string | null = null;
  do {
    const url = new URL(list, baseUrl);
    url.searchParams.set('limit', String(pageSize));
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    const page = JSON.parse(await get(agent, url, token)) as {
      data: unknown[];
      nextCursor: string | null;
    };
    pages += 1;
    records += page.data.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { pages, records };
}

/** How the API X floor reads the three lists. */
export type ApixFloorMode = 'sequential' | 'together';

/**
 * The API X read floor: every page of the three catalogue lists (what each sync-to-shopify run
 * reads), keep-alive connections, `pageSize` a page (default 1000, the contract's maximum and
 * the service's default since APIX_PAGE_SIZE became 1000: a floor read at 500 a page paid twice the
 * per-page latency the service pays), JSON.parse and nothing else. Within a list, pages are read
 * one after another (a cursor names the next page). 'sequential': one list after another on one
 * connection. 'together': as the service reads since issue 19 (stage-catalog.ts, catalog()):
 * categories, then products and prices at once, each on its own connection. The service also
 * reads one page ahead within a list, but that overlaps its staging, not other reads.
 */
export async function readApixFloor(
  baseUrl: string,
  token: string,
  options: { pageSize?: number; mode?: ApixFloorMode } = {},
): Promise<{ seconds: number; pages: number; records: number }> {
  const pageSize = options.pageSize ?? 1000;
  const together = options.mode === 'together';
  const agent = new Agent({ keepAlive: true, maxSockets: together ? 2 : 1 });
  const started = performance.now();
  const read = (list: string) => readList(agent, baseUrl, token, list, pageSize);
  try {
    const lists = [await read('/v1/categories')];
    if (together) lists.push(...(await Promise.all([read('/v1/products'), read('/v1/prices')])));
    else lists.push(await read('/v1/products'), await read('/v1/prices'));
    return {
      seconds: (performance.now() - started) / 1000,
      pages: lists.reduce((n, l) => n + l.pages, 0),
      records: lists.reduce((n, l) => n + l.records, 0),
    };
  } finally {
    agent.destroy();
  }
}

const psql = (databaseUrl: string, command: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn('psql', [databaseUrl, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', command], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`psql ${command}: ${code} ${stderr}`)),
    );
  });

/** The tables a catalogue run stages API X's records in (shop-scoped). */
export const STAGING_TABLES = ['staged_products', 'staged_prices'] as const;

/**
 * The COPY floor: the rows this run left in the staging tables, COPYed (psql's \copy, client
 * side like the service) into scratch tables of the same shape and indexes on the same
 * PostgreSQL. Only the COPY FROM is timed; the rows are dumped to a file first. Null when psql
 * is not on PATH.
 */
export async function copyFloor(
  pool: pg.Pool,
  databaseUrl: string,
  shop: string,
): Promise<{ seconds: number; rows: number } | null> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-copy-'));
  const suffix = randomBytes(3).toString('hex');
  let seconds = 0;
  let rows = 0;
  try {
    for (const table of STAGING_TABLES) {
      const file = path.join(dir, `${table}.copy`);
      const scratch = `bench_scratch_${table}_${suffix}`;
      const shopLiteral = `'${shop.replaceAll("'", "''")}'`;
      await psql(
        databaseUrl,
        `\\copy (SELECT * FROM ${table} WHERE shop = ${shopLiteral}) TO '${file}'`,
      );
      const { rows: count } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} WHERE shop = $1`,
        [shop],
      );
      rows += Number(count[0]?.n ?? 0);
      await pool.query(`CREATE TABLE ${scratch} (LIKE ${table} INCLUDING ALL)`);
      try {
        const started = performance.now();
        await psql(databaseUrl, `\\copy ${scratch} FROM '${file}'`);
        seconds += (performance.now() - started) / 1000;
      } finally {
        await pool.query(`DROP TABLE ${scratch}`);
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { seconds, rows };
}
