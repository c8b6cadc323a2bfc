/**
 * sync-orders with shipments, SIGKILLed at seeded points (test/resilience's kill-point suite):
 * after each group of kills a normal run converges with one fulfilment per shipment.
 */
import { test } from 'uvu';
import { failureRecordProblems } from '../resilience/support/failure-invariants.js';
import { registerKillPointSuite } from '../resilience/support/kill-point-suite.js';
import { orderProblems } from '../resilience/support/order-invariants.js';
import { shipmentProblems } from './support/shipment-invariants.js';

registerKillPointSuite({
  job: 'sync-orders',
  environment: { apix: { products: 2, categories: 1 } },
  shard: 7,
  groups: 3,
  killsPerGroup: 4,
  // The shipments step is the run's end: kills reach it at the later Shopify requests.
  limits: { maxDelayMs: 700, maxShopifyRequests: 6, maxApixRequests: 4 },
  prepare(env, group) {
    const { apix, shopify } = env.e2e;
    const shipped = new Set(apix.shipments.list().map((s) => s.orderExternalId));
    // Every order API X received and nothing shipped yet: one full shipment each.
    for (const o of apix.orders.list())
      if (!shipped.has(o.externalId))
        apix.shipments.ship(o.reference, {
          carrier: 'UPS',
          trackingNumbers: [`G${group}-${o.reference}`],
        });
    // Earlier shipments change: one corrected, one cancelled.
    const earlier = apix.shipments.list().filter((s) => s.status === 'shipped');
    const [first, second] = earlier;
    if (group > 0 && first)
      apix.shipments.correct(first.id, { trackingNumbers: [`C${group}-${first.id}`] });
    if (group > 1 && second) apix.shipments.cancel(second.id);
    shopify.orders.seed(3);
    return { APIX_MAX_RETRIES: '0', SHIPMENTS_ENABLED: 'true' };
  },
  beforeRerun: (env) => env.makeOrdersDue(),
  async problems(env) {
    const shipments = await shipmentProblems(env.e2e);
    // A fulfilment changes its order in Shopify after that run's push (shipments come last):
    // the order's new version reaches API X in the next run, which the order invariants expect.
    const next = await env.run(['sync-orders'], {
      env: { APIX_MAX_RETRIES: '0', SHIPMENTS_ENABLED: 'true' },
    });
    return [
      ...shipments,
      ...(next.code === 0 ? [] : [`the run after the rerun ended ${next.code}`]),
      ...(await orderProblems(env.e2e)),
      ...(await failureRecordProblems(env.e2e.db.pool)),
    ];
  },
});
test.run();
