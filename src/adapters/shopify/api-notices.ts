import type { Logger } from '../../domain/ports/logger.js';

/** What Shopify's response headers say about the API version this client relies on. */
export type ApiNotice =
  | { readonly kind: 'deprecated'; readonly reason: string }
  | { readonly kind: 'version'; readonly requested: string; readonly served: string };

/**
 * Reads the two headers that warn before a breaking change: X-Shopify-API-Deprecated-Reason
 * (sent on calls that use a deprecated field; help.shopify.com/en/api/getting-started/
 * api-deprecations) and X-Shopify-API-Version, which names the version that answered: a
 * retired or unknown version is silently served as the oldest supported one
 * (shopify.dev/docs/api/usage/versioning).
 */
export function apiNotices(requestedVersion: string, headers: Headers): ApiNotice[] {
  const notices: ApiNotice[] = [];
  const reason = headers.get('x-shopify-api-deprecated-reason');
  if (reason) notices.push({ kind: 'deprecated', reason });
  const served = headers.get('x-shopify-api-version');
  if (served && served !== requestedVersion)
    notices.push({ kind: 'version', requested: requestedVersion, served });
  return notices;
}

/**
 * Logs each notice of `apiNotices` once per client (one run), not once per request: a deprecated
 * field is per operation, a served version once.
 */
export function createApiNoticeLog(
  apiVersion: string,
  log: Logger,
): (operation: string, headers: Headers) => void {
  const noticed = new Set<string>();
  return (operation: string, headers: Headers): void => {
    for (const n of apiNotices(apiVersion, headers)) {
      const key = n.kind === 'deprecated' ? `${operation}|${n.reason}` : `version|${n.served}`;
      if (noticed.has(key)) continue;
      noticed.add(key);
      if (n.kind === 'deprecated')
        log.warn(
          { operation, deprecatedReason: n.reason },
          'Shopify reports a deprecated API use; it will break in a later API version',
        );
      else
        log.warn(
          { requestedVersion: n.requested, servedVersion: n.served },
          'Shopify served another API version than requested (the requested one is unsupported): update SHOPIFY_API_VERSION',
        );
    }
  };
}
