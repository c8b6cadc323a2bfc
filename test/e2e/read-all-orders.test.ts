import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// Issue #16 item 2: without read_all_orders Shopify serves only the last 60 days of orders (the
// simulator's AppAccess.readAllOrders cites the sources). A longer backfill is refused with the
// reason; open orders that age past the window are counted and named in a warning every run.

const e2e = useE2eEnvironment(test, {
  apix: { products: 3 },
  shopify: { access: { readAllOrders: false } },
});

const env = { APIX_MAX_RETRIES: '0', LOG_FORMAT: 'json' };
const reachOf = (stdout: string) => {
  const [reach] = (JSON.parse(stdout) as { orderReach: Record<string, unknown>[] }).orderReach;
  return { readAllOrders: reach?.['readAllOrders'], openPastHorizon: reach?.['openPastHorizon'] };
};
const DAY = 86_400_000;

test('a backfill longer than 60 days is refused with the reason, nothing read', async () => {
  e2e.shopify.orders.seed(2);
  const r = await e2e.cli(['sync-orders'], { ...env, ORDERS_BACKFILL_DAYS: '90' });
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /read_all_orders/);
  assert.is(e2e.apix.orders.list().length, 0);
});

test('open orders aging past the window are counted in the run and warned about', async () => {
  const first = await e2e.cli(['sync-orders'], { ...env, ORDERS_BACKFILL_DAYS: '30' });
  assert.is(first.code, 0, first.stderr.slice(-2000));
  assert.is(e2e.apix.orders.list().length, 2);
  // Time passes: one of the orders is now 70 days old, for Shopify and for the stored copy.
  const old = e2e.shopify.orders.list()[0];
  if (!old) throw new Error('no order');
  const createdAt = new Date(Date.now() - 70 * DAY).toISOString();
  e2e.shopify.orders.edit(`gid://shopify/Order/${old.num}`, { createdAt });
  await e2e.db.pool.query(
    `UPDATE orders SET normalized = jsonb_set(normalized, '{createdAt}', to_jsonb($1::text)), shopify_created_at = $1::timestamptz WHERE shopify_id = $2`,
    [createdAt, `gid://shopify/Order/${old.num}`],
  );
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr.slice(-2000));
  assert.equal(
    (r.summary?.['counts'] as Record<string, Record<string, number>>)['order']?.['unreadable'],
    1,
  );
  assert.ok(
    r.stderr.split('\n').some((l) => /older than Shopify's 60-day window/.test(l)),
    r.stderr.slice(-2000),
  );

  const status = await e2e.cli(['status', '--json']);
  assert.equal(reachOf(status.stdout), { readAllOrders: false, openPastHorizon: 1 });
  const human = await e2e.cli(['status']);
  assert.match(human.stdout, /read_all_orders\s+checked\s+open orders past the window/);
  assert.match(human.stdout, /missing .* 1\n/);
  assert.match(human.stdout, /grant the app read_all_orders/);

  e2e.shopify.setAccess({ readAllOrders: true });
  const granted = await e2e.cli(['sync-orders'], env);
  assert.is(granted.code, 0);
  assert.is(
    (granted.summary?.['counts'] as Record<string, Record<string, number>>)['order']?.[
      'unreadable'
    ],
    undefined,
  );
  const after = await e2e.cli(['status', '--json']);
  assert.equal(reachOf(after.stdout), { readAllOrders: true, openPastHorizon: 1 });

  // Known granted: the next runs neither ask Shopify again nor count (within the hour).
  e2e.shopify.resetCounters();
  const quiet = await e2e.cli(['sync-orders'], env);
  assert.is(quiet.code, 0);
  assert.is(e2e.shopify.counters().rootFields['currentAppInstallation'] ?? 0, 0);
});

test('the count of open orders past the window reads its partial index, not every order', async () => {
  await e2e.db.pool.query('SET enable_seqscan = off');
  const { rows } = await e2e.db.pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT count(*) AS n FROM orders
      WHERE shop = $1 AND shopify_created_at < $2
        AND push_state NOT IN ('skipped', 'deleted')
        AND normalized->>'cancelledAt' IS NULL
        AND coalesce(normalized->>'financialStatus', '') NOT IN ('REFUNDED', 'VOIDED')`,
    ['s', new Date()],
  );
  await e2e.db.pool.query('RESET enable_seqscan');
  assert.match(rows.map((r) => r['QUERY PLAN']).join('\n'), /orders_open_by_created/);
});

test.run();
