import { UpstreamError } from '../../../domain/errors.js';
import type { Logger } from '../../../domain/ports/logger.js';
import { list, obj, sinceSearchTerm, str, type Obj } from '../graphql-values.js';
import { toFieldErrors } from '../product-set-input.js';
import { ANSWER_LOST, type ShopifyGraphqlClient } from '../shopify-graphql-client.js';
import * as doc from './bulk-documents.js';
import { bulkStartError, isBusy } from './error-codes.js';

/** bulkOperationRunQuery is sent at most this often per export, each time after a look found none of ours. */
export const START_ATTEMPTS = 3;

/**
 * How long before our request an export may have been created and still be ours: Shopify's
 * clock is not ours, and `createdAt` has whole seconds. An export of the same query this young
 * reads what ours would read.
 */
const CLOCK_SLACK_MS = 60_000;

/** The number of a GID (gid://shopify/BulkOperation/123); 0 when it has none. */
const idNumber = (id: string): number => Number(/\/(\d+)$/.exec(id)?.[1] ?? 0);

/** Whitespace aside, the same document (BulkOperation.query is "the GraphQL query document specified"). */
const sameDocument = (a: string, b: string): boolean =>
  a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/** The export a start led to. */
export interface StartedExport {
  readonly operationId: string;
  /**
   * When Shopify created it, if it was adopted rather than started by this call (RFC 3339, or
   * the listing's lower bound when Shopify gave none): it may have read data up to
   * CLOCK_SLACK_MS before this call began. Null when this call started it.
   */
  readonly adoptedCreatedAt: string | null;
}

/**
 * Starts a bulk export without starting it twice. The answer to bulkOperationRunQuery can be
 * lost after Shopify created the operation (a timeout, a dropped connection, a 5xx of its edge).
 * Sent again, it starts a second export: from API 2026-01 up to five run at once
 * ("apps can run up to five bulk query operations at a time per shop",
 * https://shopify.dev/docs/api/usage/bulk-operations/queries, Limitations), so nothing refuses
 * the copy until the sixth gets LIMIT_REACHED; before 2026-01 the copy was refused with
 * OPERATION_IN_PROGRESS ("A bulk operation is already in progress", BulkOperationUserErrorCode)
 * while ours ran on unwatched. So the mutation is never retried blindly (`idempotent: false`):
 * after a lost answer, and when a later start finds the slots taken, the app's recent exports
 * (`bulkOperations`, "Returns the app's bulk operations meeting the specified filters", 2026-10
 * schema) are searched for one of this query, which is adopted. None found: sent again, at
 * most START_ATTEMPTS times; then the error says what was seen and what to check.
 */
export async function startBulkQuery(
  deps: {
    readonly client: ShopifyGraphqlClient;
    readonly log: Logger;
    readonly now?: (() => number) | undefined;
  },
  subject: string,
  query: string,
  signal?: AbortSignal,
): Promise<StartedExport> {
  const now = deps.now ?? Date.now;
  const firstAskedAt = now();
  let lost = 0;

  const listedSince = new Date(firstAskedAt - CLOCK_SLACK_MS).toISOString();
  const ours = async (): Promise<{ id: string; createdAt: number } | null> => {
    const search = `operation_type:query ${sinceSearchTerm('created_at', listedSince)}`;
    const data = await deps.client.request<Obj>(doc.RECENT_BULK_QUERIES, { search }, { signal });
    const found = list(obj(data['bulkOperations'])['nodes'])
      .map(obj)
      .filter((op) => sameDocument(str(op['query']) ?? '', query))
      .map((op) => ({ id: str(op['id']), createdAt: Date.parse(str(op['createdAt']) ?? '') }))
      .filter((op): op is { id: string; createdAt: number } => op.id !== null)
      // The newest: a copy started by an earlier attempt of ours is no older than it. Chosen
      // here, not by the listing's order (newest first by default, per the schema): createdAt
      // has whole seconds, and two copies of one second (both ours, either would do) are told
      // apart by the higher id number, so the same listing in any order adopts the same export.
      .sort((a, b) => b.createdAt - a.createdAt || idNumber(b.id) - idNumber(a.id));
    return found[0] ?? null;
  };

  const adopt = (found: { id: string; createdAt: number }, why: string): StartedExport => {
    deps.log.warn(
      { operationId: found.id },
      `bulk export of ${subject}: ${why}; waiting for the running export`,
    );
    const createdAt = Number.isNaN(found.createdAt)
      ? listedSince
      : new Date(found.createdAt).toISOString();
    return { operationId: found.id, adoptedCreatedAt: createdAt };
  };

  for (;;) {
    let data: Obj;
    try {
      data = await deps.client.request<Obj>(
        doc.BULK_QUERY_RUN,
        { query },
        { signal, idempotent: false },
      );
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.code !== ANSWER_LOST) throw error;
      lost += 1;
      const found = await ours();
      if (found) return adopt(found, 'the answer to its start was lost, Shopify lists it');
      if (lost >= START_ATTEMPTS)
        throw new UpstreamError(
          'shopify',
          `bulk export of ${subject} not started: the answer to bulkOperationRunQuery was lost ${lost} times and Shopify lists no export of it`,
          {
            retryable: true,
            status: error.status,
            hint: 'the next run starts it again; if this repeats, check the network to Shopify, and bulkOperations for exports still running (they hold bulk slots)',
          },
        );
      deps.log.warn(
        { attempt: lost, reason: error.message },
        `bulk export of ${subject}: the answer to its start was lost and Shopify lists none; starting it again`,
      );
      continue;
    }
    const payload = obj(data['bulkOperationRunQuery']);
    const errors = toFieldErrors(payload['userErrors']);
    const operationId = str(obj(payload['bulkOperation'])['id']);
    if (errors.length === 0 && operationId) return { operationId, adoptedCreatedAt: null };
    // Busy after a lost answer: the slot may be held by our own export.
    if (lost > 0 && isBusy(errors)) {
      const found = await ours();
      if (found) return adopt(found, 'Shopify refused a second start while its first runs');
    }
    throw bulkStartError(`bulk export of ${subject} not started`, errors);
  }
}
