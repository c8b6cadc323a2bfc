import { chunks } from '../../../domain/chunks.js';
import type { ShopifyDeletions } from '../../../domain/ports/shopify-deletions.js';
import type { ShopifyBulk } from '../bulk/shopify-bulk.js';
import { destroyedSince } from '../destroy-events.js';
import * as doc from './deletion-documents.js';
import { list, obj, str, type Obj } from '../graphql-values.js';
import { CHUNK, type ShopifyCatalogOptions } from './catalog-options.js';

export function createShopifyDeletions(
  options: ShopifyCatalogOptions,
  bulk: ShopifyBulk,
): ShopifyDeletions {
  const { client, customId } = options;
  const log = options.logger.child({ component: 'shopify-catalog' });
  return {
    async *deletionEventsSince(since, signal) {
      // One search per type: the documented search syntax ANDs terms; an OR across subject
      // types is not shown anywhere, so it is not relied on.
      for (const subjectType of ['PRODUCT', 'COLLECTION'] as const) {
        for await (const { subjectId } of destroyedSince(client, subjectType, since, signal))
          yield { subjectType, subjectId };
      }
    },

    async existingCollections(collectionIds, signal) {
      const existing = new Set<string>();
      for (const ids of chunks(collectionIds, CHUNK)) {
        const data = await client.request<Obj>(doc.COLLECTIONS_EXIST_QUERY, { ids }, { signal });
        for (const node of list(data['nodes'])) {
          const id = str(obj(node)['id']);
          if (id) existing.add(id);
        }
      }
      return existing;
    },

    async *listSyncedProducts(signal) {
      const { operationId: id, url } = await bulk.runQuery(
        'synced products',
        doc.syncedProductsBulkQuery(customId.namespace, customId.key),
        'the next run lists the products again',
        signal,
      );
      if (!url) return; // no products at all
      let count = 0;
      for await (const { row } of bulk.exportRows(id, url, signal)) {
        const nodeId = str(row['id']);
        // A variant row names its product in __parentId (bulk export JSONL); ours or not.
        const parent = str(row['__parentId']);
        if (nodeId && parent) {
          yield { kind: 'variant', variantId: nodeId, productId: parent };
          continue;
        }
        const externalId = str(obj(row['metafield'])['value']);
        if (nodeId && externalId) {
          count += 1;
          yield { kind: 'product', productId: nodeId, externalId };
        }
      }
      log.info({ operationId: id, products: count }, 'synced products listed');
    },
  };
}
