import type {
  ProductDraft,
  UpsertedProduct,
  VariantPrice,
  WriteResult,
} from '../model/catalog-write.js';

export type BulkStatus =
  'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELED' | 'CANCELING' | 'EXPIRED';

export interface BulkOperationState {
  readonly id: string;
  readonly status: BulkStatus;
  readonly errorCode: string | null;
  readonly objectCount: number;
  /** Result JSONL, once COMPLETED (null when nothing was produced). */
  readonly url: string | null;
  readonly partialDataUrl: string | null;
}

/**
 * The `code` of the UpstreamError thrown for an operation id Shopify does not know (an id stored
 * from another shop or app, or older than Shopify keeps operations): asking again never finds it.
 */
export const BULK_OPERATION_NOT_FOUND = 'BULK_OPERATION_NOT_FOUND';

/** A bulk operation that ended, with the error its end means (null: COMPLETED). */
export interface EndedBulkOperation extends BulkOperationState {
  readonly failure: Error | null;
}

/** One line of a bulk productSet result, in input order. */
export interface BulkProductResult {
  readonly lineNumber: number;
  readonly externalId: string;
  readonly result: WriteResult<UpsertedProduct>;
}

/**
 * Products and prices written as Shopify bulk operations (above the bulk threshold): start one,
 * wait for it, read its result lines. Shopify allows only a few at once, so the use case stores
 * the operation id before it waits (bulk-operation.ts).
 */
export interface ShopifyBulkImports {
  /** Stages the drafts as JSONL and starts a bulk productSet; returns the operation id to store. */
  startBulkProductUpsert(
    drafts: AsyncIterable<ProductDraft>,
    signal?: AbortSignal,
  ): Promise<{ readonly operationId: string; readonly lines: number }>;
  bulkProductResults(url: string, signal?: AbortSignal): AsyncIterable<BulkProductResult>;
  /** Bulk productVariantsBulkUpdate: one line per product with its changed variant prices. */
  startBulkPriceUpdate(
    lines: AsyncIterable<{ readonly productId: string; readonly prices: readonly VariantPrice[] }>,
    signal?: AbortSignal,
  ): Promise<{ readonly operationId: string; readonly lines: number }>;
  bulkPriceResults(
    url: string,
    signal?: AbortSignal,
  ): AsyncIterable<{ readonly lineNumber: number; readonly result: WriteResult<void> }>;
  /** The operation as Shopify holds it now; an id Shopify does not know throws (BULK_OPERATION_NOT_FOUND). */
  bulkOperation(operationId: string, signal?: AbortSignal): Promise<BulkOperationState>;
  /**
   * Waits (the adapter's one poll policy) until the operation ends; `failure` is the error to
   * throw when it ended other than COMPLETED (retryable or not, from the adapter's one table),
   * with `retryHint` telling the operator what the next run does about it.
   */
  waitForBulkOperation(
    operationId: string,
    options: {
      readonly signal?: AbortSignal;
      readonly retryHint: string;
      readonly onProgress?: (op: BulkOperationState) => void;
    },
  ): Promise<EndedBulkOperation>;
}
