import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// Issue #16 item 4: a quiet run costs under 50 points whatever the window holds. A window too
// small for a bulk export (here 180 orders) used to be re-read as stamps, a point per order; it
// is now summarised (ordersCount and the newest updatedAt) and read only when that differs.

const e2e = useE2eEnvironment(test, { apix: { products: 3 } });

const env = { APIX_MAX_RETRIES: '0' };

test('a quiet run over 180 stored orders costs under 50 points; a change in it still arrives', async () => {
  // Last changed ten minutes ago, all inside the overlap window (cursor minus 120 s).
  const tenMinutesAgo = Date.now() - 10 * 60_000;
  const ids = e2e.shopify.orders.seed(180, (i) => ({
    createdAt: tenMinutesAgo - 60_000,
    updatedAt: tenMinutesAgo + i * 100,
  }));
  const first = await e2e.cli(['sync-orders'], env);
  assert.is(first.code, 0, first.stderr.slice(-2000));
  assert.is(e2e.apix.orders.list().length, 180);

  e2e.shopify.resetCounters();
  const quiet = await e2e.cli(['sync-orders'], env);
  assert.is(quiet.code, 0, quiet.stderr.slice(-2000));
  const q = e2e.shopify.counters();
  assert.ok(q.costSpent < 50, `quiet run cost ${q.costSpent} points`);
  assert.is(q.rootFields['nodes'] ?? 0, 0, 'no full document read');

  // A change to an order in the middle of the window moves the newest updatedAt: read, fetched.
  const changed = ids[90];
  if (!changed) throw new Error('no order 90');
  e2e.shopify.orders.cancel(changed);
  e2e.shopify.resetCounters();
  const after = await e2e.cli(['sync-orders'], env);
  assert.is(after.code, 0, after.stderr.slice(-2000));
  assert.is(e2e.shopify.counters().rootFields['nodes'], 1, 'one read by id, for the changed order');
  assert.is(e2e.apix.orders.byExternalId(changed)?.versions.length, 2);
  const again = e2e.apix.orders.list().filter((o) => o.versions.length > 1);
  assert.is(again.length, 1, 'only the changed order went again');
});

test.run();
