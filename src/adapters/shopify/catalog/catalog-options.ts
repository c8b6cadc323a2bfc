import type { FieldError, WriteResult } from '../../../domain/model/catalog-write.js';
import type { Logger } from '../../../domain/ports/logger.js';
import type { BulkPolling } from '../bulk/poll.js';
import type { Obj } from '../graphql-values.js';
import type { CustomIdKey } from '../product-set-input.js';
import type { ShopifyGraphqlClient } from '../shopify-graphql-client.js';

/** What every catalogue adapter is built from. */
export interface ShopifyCatalogOptions {
  readonly client: ShopifyGraphqlClient;
  readonly logger: Logger;
  readonly customId: CustomIdKey;
  /** Transport for staged uploads and bulk result downloads (not Shopify's API host). */
  readonly fetch?: typeof fetch;
  /** Asynchronous collection job polling interval (default 2 s). */
  readonly pollIntervalMs?: number;
  /** Longest wait for one asynchronous collection job (default 10 minutes). */
  readonly jobTimeoutMs?: number;
  /** Bounds of the bulk operations' poll policy (bulk/poll.ts); tests shorten them. */
  readonly bulkPolling?: Partial<BulkPolling>;
}

/** Items per call where Shopify takes a list (collection selections, price chunks, ids). */
export const CHUNK = 250;

/** An `identifier` argument naming the object by our custom id. */
export const customIdOf = (customId: CustomIdKey, value: string): Obj => ({
  customId: { namespace: customId.namespace, key: customId.key, value },
});

/** The custom id as a metafield input (`type: id`). */
export const customIdMetafield = (customId: CustomIdKey, value: string): Obj => ({
  namespace: customId.namespace,
  key: customId.key,
  type: 'id',
  value,
});

export function writeResult<T>(errors: FieldError[], value: T): WriteResult<T> {
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
