import type pg from 'pg';
import type {
  StockRecheck,
  StockRecheckBacklog,
  StockRecheckMarks,
  StockRechecks,
} from '../../domain/ports/stock-rechecks.js';

/**
 * Marks on the stock sync's memory (inventory_levels.recheck_marked_at, migration
 * 1799900000000): set by the shipment step, read and cleared by sync-inventory.
 */
export function createPgStockRechecks(
  pool: pg.Pool,
  shop: string,
): StockRecheckMarks & StockRechecks & StockRecheckBacklog {
  return {
    async mark(variantIds, locationId) {
      if (variantIds.length === 0) return;
      // Rows the stock sync wrote since variant_id was kept (1798200000000) name their variant;
      // an older row was never written by a run that could race with this fulfilment.
      // clock_timestamp(), not now(): a mark made again is a new mark, so a run that read the
      // earlier one does not clear it.
      await pool.query(
        `UPDATE inventory_levels SET recheck_marked_at = clock_timestamp()
          WHERE shop = $1 AND variant_id = ANY($2::text[]) AND location_id = $3`,
        [shop, variantIds, locationId],
      );
    },

    async due() {
      // The mark in full (microseconds), so settle() compares it exactly.
      const { rows } = await pool.query<{
        variant_external_id: string;
        warehouse_id: string;
        source_updated_at: Date;
        variant_id: string;
        marked_at: string;
      }>(
        `SELECT variant_external_id, warehouse_id, source_updated_at, variant_id,
                to_char(recheck_marked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS marked_at
           FROM inventory_levels
          WHERE shop = $1 AND recheck_marked_at IS NOT NULL AND variant_id IS NOT NULL
          ORDER BY variant_external_id, warehouse_id`,
        [shop],
      );
      return rows.map((r): StockRecheck => ({
        variantExternalId: r.variant_external_id,
        warehouseId: r.warehouse_id,
        // Milliseconds: a copy stamped in microseconds reads back at or before its instant,
        // so a read from here still finds it.
        sourceUpdatedAt: r.source_updated_at.toISOString(),
        variantId: r.variant_id,
        markedAt: r.marked_at,
      }));
    },

    async waiting() {
      // Read through the partial index inventory_levels_rechecks (marked rows only).
      const { rows } = await pool.query<{ n: number; oldest: Date | null }>(
        `SELECT count(*)::int AS n, min(recheck_marked_at) AS oldest
           FROM inventory_levels
          WHERE shop = $1 AND recheck_marked_at IS NOT NULL AND variant_id IS NOT NULL`,
        [shop],
      );
      return { count: rows[0]?.n ?? 0, oldestMarkedAt: rows[0]?.oldest ?? null };
    },

    async settle(rechecks) {
      if (rechecks.length === 0) return;
      await pool.query(
        `UPDATE inventory_levels l SET recheck_marked_at = NULL
           FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS t(v, w, m)
          WHERE l.shop = $1 AND l.variant_external_id = t.v AND l.warehouse_id = t.w
            AND l.recheck_marked_at = t.m`,
        [
          shop,
          rechecks.map((r) => r.variantExternalId),
          rechecks.map((r) => r.warehouseId),
          rechecks.map((r) => r.markedAt),
        ],
      );
    },
  };
}
