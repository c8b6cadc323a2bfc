import { UpstreamError } from '../../domain/errors.js';
import type { BulkLedger } from '../../domain/ports/bulk-ledger.js';
import {
  BULK_OPERATION_NOT_FOUND,
  type BulkOperationState,
  type ShopifyBulkImports,
} from '../../domain/ports/shopify-bulk-imports.js';
import type { StepContext } from './step-context.js';

export type BulkPurpose = 'product-upsert' | 'price-update' | 'product-publish';

export interface BulkDeps {
  readonly shopify: Pick<ShopifyBulkImports, 'waitForBulkOperation'>;
  readonly state: BulkLedger;
}

/**
 * Waits for a bulk operation and hands its result file to `apply`. The operation id is stored
 * before polling starts, so a run that dies here is resumed by the next one (see resume()) rather
 * than starting a second operation: Shopify allows only a few at once.
 */
export function createBulkOperations(deps: BulkDeps) {
  /** Progress in the run's log, at most every 5 s (the adapter decides how often it asks). */
  function progressLog(ctx: StepContext, operationId: string, lines: number) {
    let lastLog = 0;
    return (op: BulkOperationState) => {
      if (Date.now() - lastLog <= 5000) return;
      lastLog = Date.now();
      ctx.logger.info(
        { operationId, status: op.status, objectCount: op.objectCount, lines },
        `bulk operation ${op.status.toLowerCase()}: ${op.objectCount}/${lines}`,
      );
    };
  }

  async function finish(
    ctx: StepContext,
    operationId: string,
    lines: number,
    apply: (url: string | null, op: BulkOperationState) => Promise<void>,
  ) {
    const op = await deps.shopify.waitForBulkOperation(operationId, {
      signal: ctx.signal,
      retryHint: 'the next run retries the products that were not written',
      onProgress: progressLog(ctx, operationId, lines),
    });
    if (op.failure) {
      // Partial results of a failed operation are still applied: those lines did happen.
      if (op.partialDataUrl) await apply(op.partialDataUrl, op);
      await deps.state.finishBulkOperation(operationId, op.status);
      throw op.failure;
    }
    await apply(op.url, op);
    await deps.state.finishBulkOperation(operationId, op.status);
  }

  return {
    async run(
      ctx: StepContext,
      purpose: BulkPurpose,
      start: () => Promise<{ operationId: string; lines: number }>,
      apply: (url: string | null, op: BulkOperationState) => Promise<void>,
    ) {
      const { operationId, lines } = await start();
      await deps.state.recordBulkOperation(purpose, operationId, lines, ctx.runId);
      ctx.logger.info({ operationId, lines, purpose }, `bulk operation started: ${lines} lines`);
      await finish(ctx, operationId, lines, apply);
    },
    /** Finishes an operation an earlier run left in flight; returns false when there was none. */
    async resume(
      ctx: StepContext,
      purpose: BulkPurpose,
      apply: (url: string | null, op: BulkOperationState) => Promise<void>,
    ): Promise<boolean> {
      const inFlight = await deps.state.inFlightBulkOperation(purpose);
      if (!inFlight) return false;
      ctx.logger.warn(
        { operationId: inFlight.operationId, purpose },
        'resuming a bulk operation left in flight by an earlier run',
      );
      try {
        await finish(ctx, inFlight.operationId, inFlight.lines, apply);
      } catch (error) {
        if (!(error instanceof UpstreamError && error.code === BULK_OPERATION_NOT_FOUND))
          throw error;
        // Asking again never finds it, so the row would fail every run. Nothing is applied: its
        // products keep their bulk lines (sent, unrecorded), so the next write looks their
        // variants up in Shopify before sending them again, instead of creating them twice.
        await deps.state.finishBulkOperation(inFlight.operationId, 'NOT_FOUND');
        ctx.logger.warn(
          { operationId: inFlight.operationId, purpose },
          `bulk operation ${inFlight.operationId} left in flight is not found in Shopify: cleared; this run starts over`,
        );
        return false;
      }
      return true;
    },
  };
}
