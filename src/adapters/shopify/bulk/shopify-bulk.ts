import type { Logger } from '../../../domain/ports/logger.js';
import type { BulkOperationState } from '../../../domain/ports/shopify-bulk-imports.js';
import { abortableSleep } from '../../../infra/abortable-sleep.js';
import * as doc from './bulk-documents.js';
import { obj, type Obj } from '../graphql-values.js';
import type { ShopifyGraphqlClient } from '../shopify-graphql-client.js';
import { toBulkState } from './bulk-state.js';
import { bulkOperationFailure, bulkOperationNotFound } from './error-codes.js';
import { DEFAULT_BULK_POLLING, pollUntilDone, type BulkPolling } from './poll.js';
import { postFile, type PostFile } from './multipart-upload.js';
import { downloadLines } from './result-lines.js';
import { startBulkMutation } from './start-mutation.js';
import { startBulkQuery } from './start-query.js';

export interface ShopifyBulkOptions {
  readonly client: ShopifyGraphqlClient;
  readonly logger: Logger;
  /** Transport for result downloads (storage hosts, not Shopify's API). */
  readonly fetch?: typeof fetch | undefined;
  /** Transport for staged uploads (multipart-upload.ts: not fetch, which holds the file). */
  readonly postFile?: PostFile | undefined;
  /** Bounds of the one poll policy (poll.ts); tests shorten them. */
  readonly polling?: Partial<BulkPolling> | undefined;
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

export type ShopifyBulk = ReturnType<typeof createShopifyBulk>;

/**
 * Shopify's bulk operations, for every caller (product and price imports, the synced-products
 * listing, the orders export): start, one poll policy, terminal states and their errors from
 * one table (error-codes.ts), busy detection, and the result file read line by line.
 */
export function createShopifyBulk(options: ShopifyBulkOptions) {
  const { client } = options;
  const log = options.logger.child({ component: 'shopify-bulk' });
  const doFetch = options.fetch ?? globalThis.fetch;
  const policy = { ...DEFAULT_BULK_POLLING, ...options.polling };
  const sleep = options.sleep ?? abortableSleep;

  const state = async (operationId: string, signal?: AbortSignal): Promise<BulkOperationState> => {
    const data = await client.request<Obj>(
      doc.BULK_OPERATION_QUERY,
      { id: operationId },
      { signal },
    );
    const found = toBulkState(data['bulkOperation']);
    if (!found) throw bulkOperationNotFound(operationId);
    return found;
  };

  const waitUntilDone = (
    operationId: string,
    signal?: AbortSignal,
    onProgress?: (op: BulkOperationState) => void,
  ): Promise<BulkOperationState> =>
    pollUntilDone(() => state(operationId, signal), { policy, sleep, signal, onProgress });

  return {
    /** The operation as Shopify holds it now; an id it does not know throws (not retryable). */
    state,
    /** Polls by the one policy until the operation ends (COMPLETED, FAILED, CANCELED, EXPIRED). */
    waitUntilDone,
    /**
     * How an ended operation failed (null when it COMPLETED), from the one table; `what` and
     * `retryHint` are the caller's words for the operator.
     */
    failureOf: (op: BulkOperationState, what: string, retryHint: string) =>
      op.status === 'COMPLETED'
        ? null
        : bulkOperationFailure(what, op.id, op.status, op.errorCode, retryHint),
    /** Starts a bulk import of `variables` (one JSONL line each) through a staged upload. */
    startMutation: (
      mutation: string,
      name: string,
      variables: AsyncIterable<Obj>,
      signal?: AbortSignal,
    ) =>
      startBulkMutation(
        { client, postFile: options.postFile ?? postFile, log },
        mutation,
        name,
        variables,
        signal,
      ),
    /**
     * Runs a bulk export to its end; returns its result URL (null: nothing matched). Busy:
     * BulkBusyError; any other end than COMPLETED: the table's error.
     */
    async runQuery(
      /** What is exported, for the operator: 'orders', 'synced products'. */
      subject: string,
      query: string,
      retryHint: string,
      signal?: AbortSignal,
    ): Promise<{
      operationId: string;
      url: string | null;
      objectCount: number;
      /** See StartedExport: set when an export already running was adopted. */
      adoptedCreatedAt: string | null;
    }> {
      // Never sent twice blindly: a lost answer may hide a started export (start-query.ts).
      const { operationId, adoptedCreatedAt } = await startBulkQuery(
        { client, log },
        subject,
        query,
        signal,
      );
      log.info({ operationId }, `bulk export of ${subject} started`);
      const op = await waitUntilDone(operationId, signal);
      if (op.status !== 'COMPLETED')
        throw bulkOperationFailure('bulk export', operationId, op.status, op.errorCode, retryHint);
      return { operationId, url: op.url, objectCount: op.objectCount, adoptedCreatedAt };
    },
    /** The lines of a result file, downloaded as they are read. */
    async *resultLines(
      url: string,
      signal?: AbortSignal,
    ): AsyncGenerator<{ line: string; index: number }> {
      yield* downloadLines(doFetch, url, signal);
    },
    /**
     * The rows of an export's result file, parsed (a child row names its parent in
     * `__parentId`); a line that is not JSON is logged and skipped, not fatal.
     */
    async *exportRows(
      operationId: string,
      url: string,
      signal?: AbortSignal,
    ): AsyncGenerator<{ row: Obj; line: string }> {
      for await (const { line, index } of downloadLines(doFetch, url, signal)) {
        let row: Obj;
        try {
          row = obj(JSON.parse(line));
        } catch {
          log.warn({ operationId, line: index }, 'unreadable bulk export line skipped');
          continue;
        }
        yield { row, line };
      }
    },
  };
}
