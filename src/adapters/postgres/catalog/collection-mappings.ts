import type pg from 'pg';
import type {
  CollectionMapping,
  CollectionMappings,
} from '../../../domain/ports/collection-mappings.js';
import { inTransaction } from '../pool.js';

/** CollectionMappings over the 'collection' rows of mappings (and products' memberOf lists). */
export function createPgCollectionMappings(pool: pg.Pool, shop: string): CollectionMappings {
  return {
    async collectionMappings() {
      const { rows } = await pool.query<{
        external_id: string;
        shopify_id: string | null;
        content_hash: string | null;
        state: CollectionMapping['state'];
      }>(
        `SELECT external_id, shopify_id, content_hash, state FROM mappings WHERE shop = $1 AND entity = 'collection'`,
        [shop],
      );
      return new Map(
        rows.map((r) => [
          r.external_id,
          {
            externalId: r.external_id,
            shopifyId: r.shopify_id,
            contentHash: r.content_hash,
            state: r.state,
          },
        ]),
      );
    },
    async saveCollection(externalId, collectionId, contentHash) {
      await pool.query(
        `INSERT INTO mappings (shop, entity, external_id, shopify_id, content_hash, state, synced_at)
         VALUES ($1, 'collection', $2, $3, $4, 'active', now())
         ON CONFLICT (shop, entity, external_id) DO UPDATE
           SET shopify_id = EXCLUDED.shopify_id, content_hash = EXCLUDED.content_hash, state = 'active', synced_at = now()`,
        [shop, externalId, collectionId, contentHash],
      );
    },
    async markCollectionsRemoved(externalIds) {
      await pool.query(
        `UPDATE mappings SET state = 'removed', synced_at = now() WHERE shop = $1 AND entity = 'collection' AND external_id = ANY($2)`,
        [shop, externalIds],
      );
    },
    async mappedCollectionIds() {
      const { rows } = await pool.query<{ shopify_id: string }>(
        `SELECT shopify_id FROM mappings WHERE shop = $1 AND entity = 'collection' AND shopify_id IS NOT NULL ORDER BY shopify_id`,
        [shop],
      );
      return rows.map((r) => r.shopify_id);
    },
    async forgetCollections(collectionIds) {
      if (collectionIds.length === 0) return 0;
      return inTransaction(pool, async (c) => {
        const { rows } = await c.query<{ external_id: string }>(
          `UPDATE mappings SET shopify_id = NULL, content_hash = NULL
            WHERE shop = $1 AND entity = 'collection' AND shopify_id = ANY($2)
            RETURNING external_id`,
          [shop, collectionIds],
        );
        const categories = rows.map((r) => r.external_id);
        if (categories.length > 0) {
          await c.query(
            `UPDATE mappings SET data = jsonb_set(data, '{memberOf}', (data->'memberOf') - $2::text[])
              WHERE shop = $1 AND entity = 'product' AND jsonb_typeof(data->'memberOf') = 'array'
                AND (data->'memberOf') ?| $2::text[]`,
            [shop, categories],
          );
        }
        return categories.length;
      });
    },
  };
}
