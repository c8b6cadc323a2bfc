/** Rows a purge removed (or, for order payloads, emptied), by table. */
export interface PurgeCounts {
  readonly recordErrors: number;
  readonly pushAttempts: number;
  readonly runs: number;
  readonly rawPayloads: number;
  /** Whole orders finished (cancelled, refunded, voided or deleted) and delivered, with their attempts. */
  readonly finishedOrders: number;
  /** Shipments over (fulfilled, cancelled, left alone) or of an order no longer kept; never one in intent. */
  readonly shipments: number;
  /** Tombstones of orders deleted in Shopify (deleted_orders), at least eight days old. */
  readonly deletedOrders: number;
}

/**
 * Keeps the history tables at a fixed age (RETENTION_DAYS). Each call removes at most a few small
 * batches, so a job pays a bounded price and a backlog shrinks over the next runs. It never
 * touches what is still needed: an order still due for delivery or dead, the content of an open
 * order's latest version (API X's copy is kept current from it), a run that is the latest or the
 * latest successful one of its job, or an order's latest push attempt. Finished orders
 * (cancelled, refunded, voided or deleted in Shopify) that were delivered go whole.
 */
export interface Retention {
  purge(olderThan: Date, signal?: AbortSignal): Promise<PurgeCounts>;
}
