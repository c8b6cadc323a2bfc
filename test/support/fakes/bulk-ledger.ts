import type { BulkLedger } from '../../../src/domain/ports/bulk-ledger.js';

/** The bulk operations recorded as started and how they finished, in memory. */
export function createFakeBulkLedger() {
  const operations = new Map<
    string,
    { purpose: string; lines: number; runId: string; status: string | null }
  >();
  const ledger: BulkLedger = {
    async inFlightBulkOperation(purpose) {
      for (const [operationId, op] of operations)
        if (op.purpose === purpose && op.status === null) return { operationId, lines: op.lines };
      return null;
    },
    async recordBulkOperation(purpose, operationId, lines, runId) {
      operations.set(operationId, { purpose, lines, runId, status: null });
    },
    async finishBulkOperation(operationId, status) {
      const op = operations.get(operationId);
      if (op) op.status = status;
    },
  };
  return { ledger, operations };
}
