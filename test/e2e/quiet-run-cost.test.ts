import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// Issue #16 item 4: a run with nothing new reads the overlap window's ids and timestamps only;
// full documents (and long line-item lists) are fetched for new or changed orders alone.

const e2e = useE2eEnvironment(test, { apix: { products: 3 } });

const env = { APIX_MAX_RETRIES: '0' };
const lines = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    title: `Part ${i}`,
    quantity: 1,
    unitPrice: '1.00',
    sku: `P-${i}`,
  }));

test('a quiet run fetches no order document; a change fetches that order only', async () => {
  // Stamped seconds before the first run: an order read within its stamp's second is read again
  // by the next run (settledBy), which is not what this test measures.
  const createdAt = Date.now() - 5000;
  e2e.shopify.orders.seed(47, () => ({ createdAt }));
  const large = e2e.shopify.orders.seed(3, () => ({ createdAt, lineItems: lines(280) }));
  const first = await e2e.cli(['sync-orders'], env);
  assert.is(first.code, 0, first.stderr.slice(-2000));
  const firstCost = e2e.shopify.counters().costSpent;

  e2e.shopify.resetCounters();
  const quiet = await e2e.cli(['sync-orders'], env);
  assert.is(quiet.code, 0, quiet.stderr.slice(-2000));
  const q = e2e.shopify.counters();
  assert.is(q.rootFields['nodes'] ?? 0, 0, 'no full document read');
  assert.is(q.rootFields['order'] ?? 0, 0, 'no line-item pages');
  assert.ok(q.costSpent * 10 < firstCost, `quiet ${q.costSpent} vs first ${firstCost}`);

  const [changed] = large;
  if (!changed) throw new Error('no large order');
  e2e.shopify.orders.cancel(changed);
  e2e.shopify.resetCounters();
  const after = await e2e.cli(['sync-orders'], env);
  assert.is(after.code, 0, after.stderr.slice(-2000));
  const a = e2e.shopify.counters();
  assert.is(a.rootFields['nodes'], 1, 'one read by id, for the changed order');
  assert.is(e2e.apix.orders.byExternalId(changed)?.versions.length, 2);
  assert.ok(e2e.apix.orders.list().every((o) => o.versions.length <= 2));
});

test.run();
