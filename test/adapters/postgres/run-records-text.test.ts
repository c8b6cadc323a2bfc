/**
 * Run records against real Postgres: record errors and a run's error quoting text PostgreSQL
 * cannot store (a lone UTF-16 surrogate, a NUL) are stored with U+FFFD there.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgRunRecords } from '../../../src/adapters/postgres/run-records.js';
import { useTestDatabase } from '../../support/test-database.js';

const db = useTestDatabase(test);

async function startRun() {
  const records = createPgRunRecords(db.pool);
  const runId = await records.start({
    job: 'sync-orders',
    shop: 'text.myshopify.com',
    trigger: 'manual',
    holder: 'test',
  });
  return { records, runId };
}

test('every text column of a record error: a NUL or lone surrogate becomes U+FFFD; the batch is stored', async () => {
  const { records, runId } = await startRun();
  await records.appendErrors(runId, [
    {
      entity: 'order',
      externalId: 'gid://shopify/Order/1\u0000',
      field: 'lineItems.nodes.0.\ud83c',
      reason: 'API X: title "Mug \udfe0" refused',
      payload: { title: 'Mug \udfe0' },
    },
    {
      entity: 'order',
      externalId: 'gid://shopify/Order/2',
      field: null,
      reason: 'fine',
      payload: null,
    },
  ]);
  const { rows } = await db.pool.query(
    `SELECT external_id, field, reason, payload FROM record_errors WHERE run_id = $1 ORDER BY id`,
    [runId],
  );
  assert.equal(rows, [
    {
      external_id: 'gid://shopify/Order/1\ufffd',
      field: 'lineItems.nodes.0.\ufffd',
      reason: 'API X: title "Mug \ufffd" refused',
      payload: { title: 'Mug \ufffd' },
    },
    { external_id: 'gid://shopify/Order/2', field: null, reason: 'fine', payload: null },
  ]);
});

test("a run's error quoting a NUL or lone surrogate is stored, the run finished", async () => {
  const { records, runId } = await startRun();
  await records.finish(runId, {
    status: 'failed',
    counts: {},
    error: 'API X: 500 internal error \u0000 at \ud83c',
  });
  const { rows } = await db.pool.query(`SELECT status, error FROM sync_runs WHERE id = $1`, [
    runId,
  ]);
  assert.equal(rows, [{ status: 'failed', error: 'API X: 500 internal error \ufffd at \ufffd' }]);
});

test.run();
