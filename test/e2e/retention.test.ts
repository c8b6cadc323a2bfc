import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// Issue #16 item 6: history is kept RETENTION_DAYS (default 90) and purged in small batches by
// the orders job; nothing still needed goes (an order still due, an open order's latest version,
// the latest and latest successful run, an order's latest push attempt). A finished order
// (cancelled here) that API X has goes whole once untouched for the retention.

const e2e = useE2eEnvironment(test, { apix: { products: 3 } });

const env = { APIX_MAX_RETRIES: '0' };
const count = async (sql: string) =>
  Number((await e2e.db.pool.query<{ n: string }>(sql)).rows[0]?.n);

test('a run purges history past RETENTION_DAYS and keeps what is still needed', async () => {
  const [finished, delivered, due] = e2e.shopify.orders.seed(3);
  if (!finished || !delivered || !due) throw new Error('seed gave fewer orders');
  assert.is((await e2e.cli(['sync-orders'], env)).code, 0);
  e2e.shopify.orders.cancel(finished);
  e2e.shopify.orders.fulfil(delivered);
  assert.is((await e2e.cli(['sync-orders'], env)).code, 0);
  // Everything so far happened 100 days ago; one order is still waiting for API X.
  const { rows } = await e2e.db.pool.query<{ id: string }>(
    `INSERT INTO record_errors (run_id, entity, external_id, reason)
     SELECT min(id), 'order', 'x', 'old problem' FROM sync_runs RETURNING run_id AS id`,
  );
  assert.ok(rows[0]);
  await e2e.db.pool.query(`
    UPDATE sync_runs SET started_at = started_at - interval '100 days', finished_at = finished_at - interval '100 days';
    UPDATE record_errors SET created_at = created_at - interval '100 days';
    UPDATE order_push_attempts SET attempted_at = attempted_at - interval '100 days';
    UPDATE orders SET shopify_updated_at = shopify_updated_at - interval '100 days';`);
  await e2e.db.pool.query(
    `UPDATE orders SET push_state = 'failed', next_attempt_at = now() + interval '1 hour' WHERE shopify_id = $1`,
    [due],
  );
  const runsBefore = await count(`SELECT count(*) AS n FROM sync_runs`);
  const attemptsOfDelivered = await count(
    `SELECT count(*) AS n FROM order_push_attempts WHERE shopify_id = '${delivered}'`,
  );
  assert.is(attemptsOfDelivered, 2);

  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr.slice(-2000));
  assert.is(await count(`SELECT count(*) AS n FROM record_errors`), 0, 'old record errors');
  assert.is(
    await count(`SELECT count(*) AS n FROM order_push_attempts WHERE shopify_id = '${delivered}'`),
    1,
    'only the latest attempt of an order stays',
  );
  // Run 1 went; run 2 (latest successful before this one) and this run stay.
  assert.is(await count(`SELECT count(*) AS n FROM sync_runs`), runsBefore);
  assert.is(await count(`SELECT count(*) AS n FROM sync_runs WHERE id = 1`), 0);
  assert.is(
    await count(`SELECT count(*) AS n FROM orders WHERE raw = 'null'::jsonb`),
    1,
    'raw payload of the delivered open order emptied',
  );
  assert.is(
    await count(
      `SELECT (SELECT count(*) FROM orders WHERE shopify_id = '${finished}') + (SELECT count(*) FROM order_push_attempts WHERE shopify_id = '${finished}') AS n`,
    ),
    0,
    'the finished, delivered order went whole',
  );
  assert.equal(r.summary?.['recordErrors'], {});
  const kept = await e2e.db.pool.query<{ raw: unknown; normalized: { name: string } }>(
    `SELECT raw, normalized FROM orders WHERE shopify_id = $1`,
    [due],
  );
  assert.ok(kept.rows[0]?.raw, 'the order still due keeps its payload');
  const latest = await e2e.db.pool.query<{ normalized: { fulfillmentStatus: string | null } }>(
    `SELECT normalized FROM orders WHERE shopify_id = $1`,
    [delivered],
  );
  assert.is(latest.rows[0]?.normalized.fulfillmentStatus, 'FULFILLED', 'the latest version stays');

  // Shopify changes the purged order after all: it is read as new and reconciled with API X's
  // copy (order_exists -> update), never a duplicate or a dead letter.
  e2e.shopify.orders.refund(finished);
  const back = await e2e.cli(['sync-orders'], env);
  assert.is(back.code, 0, back.stderr.slice(-2000));
  assert.is(e2e.apix.orders.list().filter((o) => o.externalId === finished).length, 1);
  assert.is(e2e.apix.orders.byExternalId(finished)?.versions.length, 3);
  assert.is(await count(`SELECT count(*) AS n FROM orders WHERE push_state = 'dead'`), 0);
});

test.run();
