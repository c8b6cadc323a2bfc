import { UpstreamError } from './errors.js';

/**
 * The error for a Shopify bulk operation that ended other than COMPLETED. ACCESS_DENIED is a
 * scope problem ("returned access denied due to missing access scopes", BulkOperationErrorCode):
 * retrying cannot help until someone grants the scope, so it is not retryable. Everything else
 * (INTERNAL_SERVER_ERROR, TIMEOUT, a cancelled or expired operation) may pass next run.
 */
export function bulkOperationFailure(
  /** What the operation was, in the operator's words: 'bulk export', 'bulk import'. */
  what: string,
  operationId: string,
  status: string,
  errorCode: string | null,
  retryHint: string,
): UpstreamError {
  const message = `${what} ${operationId} ended ${status}${errorCode ? ` (${errorCode})` : ''}`;
  if (errorCode === 'ACCESS_DENIED')
    return new UpstreamError('shopify', message, {
      retryable: false,
      hint: 'the app lacks an access scope the operation needs: grant it (README, "Shopify access scopes"); the same query sent outside bulk names the scope',
    });
  return new UpstreamError('shopify', message, { retryable: true, hint: retryHint });
}
