import type { BulkLedger } from '../../domain/ports/bulk-ledger.js';
import type { BulkOperationState, ShopifyCatalog } from '../../domain/ports/shopify-catalog.js';
import { bulkOperationFailure } from '../../domain/bulk-operation-failure.js';
import type { StepContext } from './step-context.js';

export type BulkPurpose = 'product-upsert' | 'price-update';

export interface BulkDeps {
  readonly shopify: Pick<ShopifyCatalog, 'bulkOperation'>;
  readonly state: BulkLedger;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly pollIntervalMs?: { readonly min: number; readonly max: number };
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED']);

/**
 * Waits for a bulk operation and hands its result file to `apply`. The operation id is stored
 * before polling starts, so a run that dies here is resumed by the next one (see resume()) rather
 * than starting a second operation: Shopify allows only a few at once.
 */
export function createBulkOperations(deps: BulkDeps) {
  const sleep = deps.sleep ?? abortableSleep;
  const interval = deps.pollIntervalMs ?? { min: 250, max: 5000 };

  async function waitFor(
    ctx: StepContext,
    operationId: string,
    lines: number,
  ): Promise<BulkOperationState> {
    let wait = interval.min;
    let lastLog = 0;
    for (;;) {
      ctx.signal.throwIfAborted();
      const op = await deps.shopify.bulkOperation(operationId, ctx.signal);
      if (TERMINAL.has(op.status)) return op;
      if (Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        ctx.logger.info(
          { operationId, status: op.status, objectCount: op.objectCount, lines },
          `bulk operation ${op.status.toLowerCase()}: ${op.objectCount}/${lines}`,
        );
      }
      await sleep(wait, ctx.signal);
      wait = Math.min(interval.max, Math.round(wait * 1.5));
    }
  }

  async function finish(
    ctx: StepContext,
    operationId: string,
    lines: number,
    apply: (url: string | null, op: BulkOperationState) => Promise<void>,
  ) {
    const op = await waitFor(ctx, operationId, lines);
    if (op.status !== 'COMPLETED') {
      // Partial results of a failed operation are still applied: those lines did happen.
      if (op.partialDataUrl) await apply(op.partialDataUrl, op);
      await deps.state.finishBulkOperation(operationId, op.status);
      throw bulkOperationFailure(
        'bulk operation',
        operationId,
        op.status,
        op.errorCode,
        'the next run retries the products that were not written',
      );
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
      await finish(ctx, inFlight.operationId, inFlight.lines, apply);
      return true;
    },
  };
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
