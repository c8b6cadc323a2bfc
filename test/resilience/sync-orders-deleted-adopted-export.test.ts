/**
 * The crash 6b8a272 made safe, end to end: real processes, Shopify's simulator over HTTP, Postgres.
 * Order X is in an export captured before the merchant deleted it. Run 1's deletion check reads
 * X's destroy event while X is not stored, and the run dies (SIGKILL) while it waits for that
 * export. Run 2, with X's event behind its deletion window, adopts the same export and reads X:
 * X is neither stored nor sent to API X; the other orders arrive.
 * (sync-orders-deleted-after-crash.test.ts is the same story in memory.)
 *
 * What makes each step certain, not likely:
 * - The export stays RUNNING until this test lets it finish: the simulator builds an export's
 *   pages after its first one only when `bulkExportTurn` returns, and that waits on `exports`.
 * - A run adopts it rather than starting its own: the answer to its bulkOperationRunQuery is lost
 *   while the five bulk slots are taken (the export and four others of different documents), so
 *   Shopify created nothing and the run finds the export of its own query among the recent ones
 *   (bulk/start-query.ts). The runs' query matches it because the orders cursor stays put: run 1
 *   stores nothing.
 * - X's destroy event is dated an hour back (the simulator's clock, for the deletion only): inside
 *   run 1's first check (ORDERS_BACKFILL_DAYS), behind run 2's (run 1's start less ten minutes),
 *   as when the runs are an hour apart. The runs themselves keep real time: an adopted export must
 *   be under a minute older than the run's start.
 * - Run 1 is killed once its check's cursor is stored (the transaction that tombstones X) and its
 *   read has listed the recent exports (it adopts the held one): its read cannot have stored
 *   anything, the export being held. Run 2's listing is what lets the exports finish.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BULK_QUERY_RUN } from '../../src/adapters/shopify/bulk/bulk-documents.js';
import { sinceSearchTerm } from '../../src/adapters/shopify/graphql-values.js';
import { ordersBulkQuery } from '../../src/adapters/shopify/order-documents.js';
import { ORDER_DELETIONS_STREAM } from '../../src/app/usecases/detect-deleted-orders.js';
import { ORDERS_STREAM } from '../../src/app/usecases/fetch-orders.js';
import { orderWindowStart } from '../../src/app/usecases/order-window.js';
import { adminMutation } from '../support/admin-mutation.js';
import { createAdminGraphql, userErrorsOf } from '../support/admin-graphql.js';
import { E2E_SHOP } from '../support/e2e-environment.js';
import { useResilienceEnvironment } from './support/resilience-environment.js';

/** More than the bulk threshold (250: the read exports) and than one export page (250 orders). */
const ORDERS = 260;
const OVERLAP_SECONDS = 120;
const HOUR_MS = 3_600_000;

let clockShiftMs = 0;
let letExportsFinish: () => void = () => undefined;
const exports = new Promise<void>((resolve) => (letExportsFinish = resolve));

const env = useResilienceEnvironment(test, {
  apix: { products: 2, categories: 1 },
  shopify: { now: () => Date.now() + clockShiftMs, bulkExportTurn: () => exports },
});

const runEnv = {
  APIX_MAX_RETRIES: '0',
  // Pinned: the test builds the runs' export query from it.
  ORDERS_OVERLAP_SECONDS: String(OVERLAP_SECONDS),
};

/** Other exports holding bulk slots: any orders document but the runs' (more than a page each). */
const FILLERS = ['id', 'id name', 'id createdAt', 'id updatedAt'].map(
  (fields) => `{ orders { edges { node { ${fields} } } } }`,
);

async function startExport(query: string): Promise<string> {
  const admin = createAdminGraphql({
    graphqlUrl: env.e2e.shopify.graphqlUrl(),
    accessToken: env.e2e.shopify.accessToken,
  });
  const data = await admin(BULK_QUERY_RUN, { query });
  const payload = data['bulkOperationRunQuery'] as { bulkOperation: { id: string } | null };
  assert.equal(userErrorsOf(payload), [], `export not started: ${query}`);
  assert.ok(payload.bulkOperation);
  return payload.bulkOperation.id;
}

const listedExports = (): number => env.e2e.shopify.counters().rootFields['bulkOperations'] ?? 0;

/**
 * Polls `condition` (the database or the simulator, changed by the run under test) until it
 * holds, then calls `then`; `stop` ends the polling when the run ended first.
 */
function watch(
  condition: () => boolean | Promise<boolean>,
  then: () => void = () => undefined,
): { seen: () => boolean; stop: () => void } {
  let seen = false;
  let stopped = false;
  void (async () => {
    while (!stopped && !(seen = await condition())) await sleep(5);
    if (seen) then();
  })();
  return { seen: () => seen, stop: () => (stopped = true) };
}

test('an order the crashed run found deleted is not stored nor sent by a later run adopting the export that holds it', async () => {
  const { db, shopify, apix } = env.e2e;
  const [x, ...others] = shopify.orders.seed(ORDERS);
  if (!x) throw new Error('no orders');

  // The orders cursor of an earlier run (an hour ago), so both runs ask for the same window.
  const cursor = new Date(Date.now() - HOUR_MS).toISOString();
  await db.pool.query(`INSERT INTO sync_cursors (shop, stream, value) VALUES ($1, $2, $3)`, [
    E2E_SHOP,
    ORDERS_STREAM,
    cursor,
  ]);
  const since = orderWindowStart(cursor, new Date(), {
    overlapSeconds: OVERLAP_SECONDS,
    backfillDays: 7,
  });
  // The export holding X: the runs' own query, started before X was deleted (as by a run that
  // died before this story), then the fillers.
  const captured = await startExport(ordersBulkQuery(sinceSearchTerm('updated_at', since)));
  for (const filler of FILLERS) await startExport(filler);

  clockShiftMs = -HOUR_MS;
  await adminMutation(
    shopify,
    `mutation ($orderId: ID!) { orderDelete(orderId: $orderId) { deletedId userErrors { message } } }`,
    { orderId: x },
  );
  clockShiftMs = 0;
  assert.is(shopify.orders.get(x), undefined, 'X deleted in Shopify');

  // Run 1: its check finds X's event, its read adopts the held export (its start refused, the
  // recent exports listed); killed once both happened.
  shopify.faults.loseAnswerOf('bulkOperationRunQuery', 1);
  const checked = watch(async () => {
    const { rowCount } = await db.pool.query(
      `SELECT 1 FROM sync_cursors WHERE shop = $1 AND stream = $2`,
      [E2E_SHOP, ORDER_DELETIONS_STREAM],
    );
    return (rowCount ?? 0) > 0;
  });
  const listedBeforeRun1 = listedExports();
  const first = await env.run(['sync-orders'], {
    env: runEnv,
    killWhen: () => checked.seen() && listedExports() > listedBeforeRun1,
  });
  checked.stop();
  assert.ok(first.killed, `run 1 killed after its check: ${first.stdout.slice(-3000)}`);
  const stored = await db.pool.query(`SELECT 1 FROM orders`);
  assert.is(stored.rowCount, 0, 'run 1 stored nothing');

  // Run 2: X's event is out of its window; it adopts the same export, which then finishes.
  shopify.faults.loseAnswerOf('bulkOperationRunQuery', 1);
  const listedBefore = listedExports();
  const adopted = watch(() => listedExports() > listedBefore, letExportsFinish);
  const second = await env.run(['sync-orders'], { env: runEnv });
  adopted.stop();
  assert.ok(adopted.seen(), 'run 2 listed the recent exports');
  assert.is(second.code, 0, second.stdout.slice(-3000) + second.stderr.slice(-2000));
  const log = second.stdout + second.stderr;
  assert.ok(
    log.split('\n').some((l) => l.includes(captured) && l.includes('Shopify lists it')),
    'run 2 adopted the export captured before the deletion',
  );
  const counts = (
    second.summary?.['counts'] as Record<string, Record<string, number>> | undefined
  )?.['order'];
  assert.is(counts?.['deleted'], undefined, "X's destroy event was not in run 2's window");

  const xRows = await db.pool.query(`SELECT push_state FROM orders WHERE shopify_id = $1`, [x]);
  assert.equal(xRows.rows, [], 'X never stored');
  assert.is(apix.orders.byExternalId(x), undefined, 'API X never received X');
  assert.equal(
    apix.orders
      .list()
      .map((o) => o.externalId)
      .sort(),
    [...others].sort(),
    'every other order arrived',
  );
  // The run says it left X out of the export it read.
  assert.match(log, /"orders":1,"msg":"orders the export read but Shopify had deleted since/);
});

test.run();
