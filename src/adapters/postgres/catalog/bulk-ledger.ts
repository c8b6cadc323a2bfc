import type pg from 'pg';
import type { BulkLedger } from '../../../domain/ports/bulk-ledger.js';

/** BulkLedger over bulk_operations (finished_at NULL: still in flight). */
export function createPgBulkLedger(pool: pg.Pool, shop: string): BulkLedger {
  return {
    async inFlightBulkOperation(purpose) {
      const { rows } = await pool.query<{ operation_id: string; lines: number }>(
        `SELECT operation_id, lines FROM bulk_operations WHERE shop = $1 AND purpose = $2 AND finished_at IS NULL`,
        [shop, purpose],
      );
      const r = rows[0];
      return r ? { operationId: r.operation_id, lines: r.lines } : null;
    },
    async recordBulkOperation(purpose, operationId, lines, runId) {
      await pool.query(
        `INSERT INTO bulk_operations (shop, operation_id, purpose, status, lines, run_id) VALUES ($1, $2, $3, 'CREATED', $4, $5)`,
        [shop, operationId, purpose, lines, runId],
      );
    },
    async finishBulkOperation(operationId, status) {
      await pool.query(
        `UPDATE bulk_operations SET status = $3, finished_at = now() WHERE shop = $1 AND operation_id = $2`,
        [shop, operationId, status],
      );
    },
  };
}
