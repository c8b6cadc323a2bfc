import type pg from 'pg';
import type { PurgeCounts, Retention } from '../../domain/ports/retention.js';

export interface PgRetentionOptions {
  /** Rows per statement: short transactions, no long locks on tables the jobs write. */
  readonly batchSize?: number;
  /** Statements per table per purge: bounds what one job run spends on it. */
  readonly maxBatches?: number;
}

// One statement per table, each deleting at most $2 rows older than $1 (exported for the test
// that checks each finds its rows through an index). The latest attempt per
// order, and the latest and latest successful run per shop and job, are never candidates: the
// operator commands and the freshness metrics read them.
export const PURGES = {
  recordErrors: `DELETE FROM record_errors WHERE id IN (
      SELECT id FROM record_errors WHERE created_at < $1 LIMIT $2)`,
  pushAttempts: `DELETE FROM order_push_attempts WHERE id IN (
      SELECT a.id FROM order_push_attempts a
       WHERE a.attempted_at < $1
         AND a.id < (SELECT max(b.id) FROM order_push_attempts b
                      WHERE b.shop = a.shop AND b.shopify_id = a.shopify_id)
       LIMIT $2)`,
  // The runs to keep are worked out once per statement (one pass over sync_runs, hashed): a
  // subquery per candidate read every run of its job for each of them, minutes per batch on a
  // year of runs.
  runs: `DELETE FROM sync_runs WHERE id IN (
      SELECT r.id FROM sync_runs r
       WHERE r.started_at < $1 AND r.finished_at IS NOT NULL
         AND r.id NOT IN (SELECT max(l.id) FROM sync_runs l GROUP BY l.shop, l.job
                          UNION ALL
                          SELECT max(s.id) FROM sync_runs s WHERE s.status = 'succeeded' GROUP BY s.shop, s.job)
       LIMIT $2)`,
  // The raw Shopify document is for audit and re-mapping; the normalized order (what API X holds)
  // stays. Only orders nothing is waiting for. Found through orders_raw_by_age (orders that still
  // have a payload): without it every run scanned the whole table to find nothing.
  rawPayloads: `UPDATE orders SET raw = 'null'::jsonb WHERE (shop, shopify_id) IN (
      SELECT shop, shopify_id FROM orders
       WHERE shopify_updated_at < $1 AND push_state IN ('pushed', 'skipped', 'dead', 'deleted')
         AND raw <> 'null'::jsonb
       LIMIT $2)`,
  // Whole orders nothing can change any more: cancelled, fully refunded or voided (or deleted in
  // Shopify), delivered (never dead, never still due) and untouched for the retention. Should
  // Shopify change one after all, it is read again as a new order and sent under its content's
  // key; API X's order_exists answer is then reconciled as an update (push-orders), so nothing
  // needed is lost. Open orders (a refund or return may still come) keep their row. The
  // predicate is orders_finished_by_age's, word for word, so the candidates come from that index.
  finishedOrders: `DELETE FROM orders WHERE (shop, shopify_id) IN (
      SELECT shop, shopify_id FROM orders
       WHERE shopify_updated_at < $1
         AND (push_state = 'deleted'
              OR (push_state IN ('pushed', 'skipped')
                  AND (normalized->>'cancelledAt' IS NOT NULL
                       OR coalesce(normalized->>'financialStatus', '') IN ('REFUNDED', 'VOIDED'))))
       LIMIT $2)`,
  // Shipments nothing more can happen to, untouched for the retention: over (fulfilled,
  // cancelled, left alone), or of an order no longer kept (purged above; a held shipment can then
  // never go on). Never one in 'intent' (its fulfilment may exist in Shopify without our record)
  // nor a held one of an order still kept (it waits for API X's correction). Should API X change
  // a purged shipment after all, it is read as new: its lines no longer fit what remains to fulfil
  // and it is held or left alone, named. Candidates come from shipments_settled_by_age; the
  // order is looked up by its primary key.
  shipments: `DELETE FROM shipments WHERE (shop, shipment_id) IN (
      SELECT s.shop, s.shipment_id FROM shipments s
       WHERE s.updated_at < $1 AND s.state <> 'intent'
         AND (s.state IN ('fulfilled', 'cancelled', 'left-alone')
              OR NOT EXISTS (SELECT 1 FROM orders o
                              WHERE o.shop = s.shop AND o.shopify_id = s.order_shopify_id))
       LIMIT $2)`,
  // Tombstones of orders Shopify deleted (deleted-orders.ts), past the retention but never one
  // younger than eight days: a bulk export's results stay downloadable seven days ("url and
  // partialDataUrl values expire after seven days", BulkOperation, Admin GraphQL 2026-10), so an
  // export captured before a deletion can serve the order that long after; a day more covers the
  // run that found the event and Shopify's clock against ours. Found through deleted_orders_by_age.
  deletedOrders: `DELETE FROM deleted_orders WHERE (shop, shopify_id) IN (
      SELECT shop, shopify_id FROM deleted_orders
       WHERE found_at < least($1::timestamptz, now() - interval '8 days')
       LIMIT $2)`,
} as const satisfies Record<keyof PurgeCounts, string>;

export function createPgRetention(pool: pg.Pool, options: PgRetentionOptions = {}): Retention {
  const batchSize = options.batchSize ?? 1000;
  const maxBatches = options.maxBatches ?? 5;
  return {
    async purge(olderThan, signal) {
      const counts = {
        recordErrors: 0,
        pushAttempts: 0,
        runs: 0,
        rawPayloads: 0,
        finishedOrders: 0,
        shipments: 0,
        deletedOrders: 0,
      };
      for (const table of Object.keys(PURGES) as (keyof PurgeCounts)[]) {
        for (let batch = 0; batch < maxBatches; batch++) {
          signal?.throwIfAborted();
          const { rowCount } = await pool.query(PURGES[table], [olderThan, batchSize]);
          counts[table] += rowCount ?? 0;
          if ((rowCount ?? 0) < batchSize) break;
        }
      }
      return counts;
    },
  };
}
