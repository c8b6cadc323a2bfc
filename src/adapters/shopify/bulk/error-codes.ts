import { UpstreamError } from '../../../domain/errors.js';
import type { FieldError } from '../../../domain/model/catalog-write.js';
import { BULK_OPERATION_NOT_FOUND } from '../../../domain/ports/shopify-bulk-imports.js';

/**
 * Every decision about how a bulk operation went wrong, in one table: whether the next run may
 * succeed without a human (`retryable`) and what the operator is told. The three paths that
 * used to decide this on their own (product and price imports, the synced-products listing,
 * the orders export) disagreed on two rows; the comments on those rows say which answer won.
 */
export interface BulkVerdict {
  readonly retryable: boolean;
  /** null: the caller's own hint (what the next run does about it). */
  readonly hint: string | null;
}

const ACCESS_HINT =
  'the app lacks an access scope the operation needs: grant it (README, "Shopify access scopes"); the same query sent outside bulk names the scope';
const BUSY_HINT =
  'too many bulk operations are running for this app and shop; the next run retries';
const STALE_HINT = 'the stored operation id is stale; start a new one';

/**
 * BulkOperation.errorCode of an operation that ended FAILED (BulkOperationErrorCode,
 * shopify.dev/docs/api/admin-graphql/latest/enums/BulkOperationErrorCode):
 * - ACCESS_DENIED: "returned access denied due to missing access scopes": no rerun helps until
 *   someone grants the scope. The orders export used to call it retryable; the catalogue paths
 *   did not. Not retryable: an alert that says "wait" for a missing scope would wait forever.
 * - INTERNAL_SERVER_ERROR: "These errors might be intermittent, so you can try performing the
 *   same query again".
 * - TIMEOUT: "partial or incomplete data due to query timeouts"; our queries are fixed, so the
 *   next run sends the same one, which a quieter shop may finish.
 * A code the docs do not list yet is read like INTERNAL_SERVER_ERROR: Shopify adds values to
 * enums, and stopping every run on an unknown word would be the louder failure for no reason.
 */
export const ERROR_CODE_VERDICTS: Readonly<Record<string, BulkVerdict>> = {
  ACCESS_DENIED: { retryable: false, hint: ACCESS_HINT },
  INTERNAL_SERVER_ERROR: { retryable: true, hint: null },
  TIMEOUT: { retryable: true, hint: null },
};

/**
 * BulkOperationUserErrorCode at the start (bulkOperationRunQuery / bulkOperationRunMutation,
 * shopify.dev/docs/api/admin-graphql/latest/enums/BulkOperationUserErrorCode): LIMIT_REACHED
 * ("Bulk operations limit reached. Please try again later.") and OPERATION_IN_PROGRESS ("A bulk
 * operation is already in progress.") mean another operation holds the slot: busy, retryable.
 * INVALID (or no code) is our document or file being refused: the next run sends the same.
 */
export const BUSY_CODES: ReadonlySet<string> = new Set(['LIMIT_REACHED', 'OPERATION_IN_PROGRESS']);

/**
 * `bulkOperation(id)` answered null. Shopify does not lose an operation it returned an id for;
 * an id it does not know is stored from another shop or app, or older than Shopify keeps
 * operations. The catalogue path said not retryable, the orders export retryable: not
 * retryable wins, because asking again about the same id never finds it (a resumed catalogue
 * operation is asked about again by every run), and the docs are silent, so the stricter
 * reading is taken.
 */
export const NOT_FOUND_VERDICT: BulkVerdict = { retryable: false, hint: STALE_HINT };

/** The verdict of a bulk operation that ended other than COMPLETED (CANCELED/EXPIRED: null code). */
export function verdictOf(errorCode: string | null): BulkVerdict {
  return (
    (errorCode === null ? null : ERROR_CODE_VERDICTS[errorCode]) ?? { retryable: true, hint: null }
  );
}

/** The error for a bulk operation that ended other than COMPLETED, from the table above. */
export function bulkOperationFailure(
  /** What the operation was, in the operator's words: 'bulk export', 'bulk import'. */
  what: string,
  operationId: string,
  status: string,
  errorCode: string | null,
  retryHint: string,
): UpstreamError {
  const verdict = verdictOf(errorCode);
  return new UpstreamError(
    'shopify',
    `${what} ${operationId} ended ${status}${errorCode ? ` (${errorCode})` : ''}`,
    { retryable: verdict.retryable, hint: verdict.hint ?? retryHint },
  );
}

/** The error for an operation id Shopify does not know (see NOT_FOUND_VERDICT). */
export function bulkOperationNotFound(operationId: string): UpstreamError {
  return new UpstreamError('shopify', `bulk operation ${operationId} not found`, {
    retryable: NOT_FOUND_VERDICT.retryable,
    hint: NOT_FOUND_VERDICT.hint,
    code: BULK_OPERATION_NOT_FOUND,
  });
}

/**
 * Shopify would not start another bulk operation now (BUSY_CODES): retryable, and a caller with
 * a slower way (the orders export reads pages instead) catches this type to take it.
 */
export class BulkBusyError extends UpstreamError {}

export const isBusy = (errors: readonly FieldError[]): boolean =>
  errors.some((e) => e.code !== null && BUSY_CODES.has(e.code));

/** The error for a bulk operation Shopify refused to start (busy, or its input refused). */
export function bulkStartError(what: string, errors: readonly FieldError[]): UpstreamError {
  const message = `${what}: ${errors.map((e) => e.message).join('; ') || 'no operation id'}`;
  return isBusy(errors)
    ? new BulkBusyError('shopify', message, { retryable: true, hint: BUSY_HINT })
    : new UpstreamError('shopify', message, { retryable: false });
}
