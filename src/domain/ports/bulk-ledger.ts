/**
 * The bulk operations this service started, per purpose, until they are finished: a run that
 * died while one was in flight leaves it here for the next run to resume.
 */
export interface BulkLedger {
  /** The bulk operation of this purpose left in flight by an earlier run, if any. */
  inFlightBulkOperation(
    purpose: string,
  ): Promise<{ readonly operationId: string; readonly lines: number } | null>;
  recordBulkOperation(
    purpose: string,
    operationId: string,
    lines: number,
    runId: string,
  ): Promise<void>;
  finishBulkOperation(operationId: string, status: string): Promise<void>;
}
