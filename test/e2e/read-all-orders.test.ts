import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.js';

// Issue #16 item 2: without read_all_orders Shopify serves only the last 60 days of orders (the
// simulator's AppAccess.readAllOrders cites the sources). A longer backfill is refused with the
// reason; open orders that age past the window are counted and named in a warning every run.

let e2e: E2eEnvironment;
test.before(async () => {
  e2e = await startE2eEnvironment({
    apix: { products: 3 },
    shopify: { access: { readAllOrders: false } },
  });
});
test.after(async () => {
  await e2e?.close();
});

const env = { APIX_MAX_RETRIES: '0', LOG_FORMAT: 'json' };
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
    `UPDATE orders SET normalized = jsonb_set(normalized, '{createdAt}', to_jsonb($1::text)) WHERE shopify_id = $2`,
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

  e2e.shopify.setAccess({ readAllOrders: true });
  const granted = await e2e.cli(['sync-orders'], env);
  assert.is(granted.code, 0);
  assert.is(
    (granted.summary?.['counts'] as Record<string, Record<string, number>>)['order']?.[
      'unreadable'
    ],
    undefined,
  );
});

test.run();
