import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useResilienceEnvironment } from '../resilience/support/resilience-environment.js';
import { shipmentProblems } from './support/shipment-invariants.js';

// The crash the exactly-once design is about, made exact: Shopify has created the fulfilment,
// the run dies before recording it. A trigger holds the run's "fulfilled" write on an advisory
// lock this test holds; once Shopify executed fulfillmentCreate and the write waits, the run is
// SIGKILLed. Nothing is left to chance: the kill lands in the window every time.
const LOCK = 21_021;
const env = useResilienceEnvironment(test, { apix: { products: 2, categories: 1 } });
test.before(async () => {
  await env.e2e.db.pool.query(`
    CREATE FUNCTION hold_fulfilled() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.state = 'fulfilled' THEN PERFORM pg_advisory_xact_lock(${LOCK}); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER hold_fulfilled BEFORE UPDATE ON shipments FOR EACH ROW EXECUTE FUNCTION hold_fulfilled();
  `);
});

const run = (args: string[] = ['sync-orders'], killWhen?: () => boolean) =>
  env.run(args, {
    env: { APIX_MAX_RETRIES: '0', SHIPMENTS_ENABLED: 'true' },
    ...(killWhen ? { killWhen } : {}),
  });

async function pushedOrder(): Promise<string> {
  const id = env.e2e.shopify.orders.create({
    lineItems: [{ title: 'Item', quantity: 2, unitPrice: '10.00', sku: 'SKU-1' }],
  });
  const r = await run();
  assert.is(r.code, 0, r.stdout.slice(-2000));
  return id;
}

/** Runs sync-orders and kills it once Shopify created a fulfilment and the record of it waits. */
async function killAfterShopifyAnswered(): Promise<void> {
  const holder: pg.PoolClient = await env.e2e.db.pool.connect();
  try {
    await holder.query('SELECT pg_advisory_lock($1)', [LOCK]);
    const created = () => env.e2e.shopify.counters().rootFields['fulfillmentCreate'] ?? 0;
    const before = created();
    let waiting = false;
    const watch = (async () => {
      // The run's write is blocked on the lock: a crash now loses Shopify's answer.
      while (!waiting) {
        const { rows } = await env.e2e.db.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`,
          [LOCK],
        );
        waiting = Number(rows[0]?.n) > 0;
        if (!waiting) await sleep(5);
      }
    })();
    const r = await run(['sync-orders'], () => waiting && created() > before);
    await watch;
    assert.ok(r.killed, `the run was killed in the window: ${r.stdout.slice(-1500)}`);
    // The killed process's statement still waits in its server backend and would commit once
    // the lock is free (Postgres notices a dead client only when it next talks to it): end it,
    // as a crash before the write reached the database would. Waiting for it to exit (the
    // timeout, PostgreSQL 14+), or the unlock below could still hand it the lock.
    await env.e2e.db.pool.query(
      `SELECT pg_terminate_backend(pid, 10000) FROM pg_locks
        WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`,
      [LOCK],
    );
  } finally {
    await holder.query('SELECT pg_advisory_unlock($1)', [LOCK]);
    holder.release();
  }
}

test('killed after Shopify created the fulfilment but before it was recorded: the rerun finds it, creates none', async () => {
  const order = await pushedOrder();
  const s = env.e2e.apix.shipments.ship(order, { carrier: 'UPS', trackingNumbers: ['K-1'] });
  await killAfterShopifyAnswered();
  const { rows } = await env.e2e.db.pool.query<{ state: string }>(
    `SELECT state FROM shipments WHERE shipment_id = $1`,
    [s.id],
  );
  assert.equal(rows, [{ state: 'intent' }], 'the crash left the intent behind');
  assert.is(env.e2e.shopify.fulfillments.fulfillments(order).length, 1);

  await env.makeOrdersDue();
  const rerun = await run();
  assert.is(rerun.code, 0, rerun.stdout.slice(-2000));
  const counts = rerun.summary?.['counts'] as Record<string, Record<string, number>> | undefined;
  assert.is(counts?.['shipment']?.['created'], 1, 'counted once, as the found fulfilment');
  const fulfilments = env.e2e.shopify.fulfillments.fulfillments(order);
  assert.is(fulfilments.length, 1, 'no second fulfilment');
  const after = await env.e2e.db.pool.query<{ state: string; fulfillment_id: string }>(
    `SELECT state, fulfillment_id FROM shipments WHERE shipment_id = $1`,
    [s.id],
  );
  assert.equal(after.rows, [{ state: 'fulfilled', fulfillment_id: fulfilments[0]!.id }]);
  assert.equal(await shipmentProblems(env.e2e), []);
});

test('the same crash, then API X corrects the tracking: the found fulfilment gets the new number', async () => {
  const order = await pushedOrder();
  const s = env.e2e.apix.shipments.ship(order, { carrier: 'UPS', trackingNumbers: ['K-2'] });
  await killAfterShopifyAnswered();
  env.e2e.apix.shipments.correct(s.id, { trackingNumbers: ['K-2B'] });
  await env.makeOrdersDue();
  const rerun = await run();
  assert.is(rerun.code, 0, rerun.stdout.slice(-2000));
  const fulfilments = env.e2e.shopify.fulfillments.fulfillments(order);
  assert.equal(
    fulfilments.map((f) => f.tracking.map((t) => t.number)),
    [['K-2B']],
  );
  assert.equal(await shipmentProblems(env.e2e), []);
});

test('the same crash, then API X cancels the shipment: the found fulfilment is cancelled', async () => {
  const order = await pushedOrder();
  const s = env.e2e.apix.shipments.ship(order, { carrier: 'UPS', trackingNumbers: ['K-3'] });
  await killAfterShopifyAnswered();
  env.e2e.apix.shipments.cancel(s.id);
  await env.makeOrdersDue();
  const rerun = await run();
  assert.is(rerun.code, 0, rerun.stdout.slice(-2000));
  assert.equal(
    env.e2e.shopify.fulfillments.fulfillments(order).map((f) => f.status),
    ['CANCELLED'],
  );
  assert.equal(await shipmentProblems(env.e2e), []);
});

test('no secret in any output of this file', () => {
  assert.equal(env.leaks(), []);
});

test.run();
