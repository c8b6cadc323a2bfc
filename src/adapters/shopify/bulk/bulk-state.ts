import type { BulkOperationState, BulkStatus } from '../../../domain/ports/shopify-bulk-imports.js';
import { obj, str } from '../graphql-values.js';

/** BulkOperationStatus (shopify.dev/docs/api/admin-graphql/latest/enums/BulkOperationStatus). */
const BULK_STATUSES: readonly BulkStatus[] = [
  'CREATED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'CANCELING',
  'EXPIRED',
];

/**
 * The states an operation does not leave. CANCELING is not one ("There may be a short delay from
 * when a cancelation starts until the operation is actually canceled"): it is polled on until
 * CANCELED, which is when its partial data is settled. The listing and the orders export used to
 * stop at CANCELING; the import path polled on, which is the documented reading.
 */
const TERMINAL: ReadonlySet<BulkStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED']);

export const isTerminal = (status: BulkStatus): boolean => TERMINAL.has(status);

/** A `bulkOperation` node → BulkOperationState (UnsignedInt64 arrives as a string). */
export function toBulkState(node: unknown): BulkOperationState | null {
  const n = obj(node);
  const id = str(n['id']);
  const status = str(n['status']);
  if (!id || !status || !BULK_STATUSES.includes(status as BulkStatus)) return null;
  return {
    id,
    status: status as BulkStatus,
    errorCode: str(n['errorCode']),
    objectCount: Number(n['objectCount'] ?? 0) || 0,
    url: str(n['url']),
    partialDataUrl: str(n['partialDataUrl']),
  };
}
