import type pg from 'pg';
import type { ProductRecords } from '../../../domain/ports/product-records.js';
import { inTransaction } from '../pool.js';
import { upsertPriceMappings } from './shared-sql.js';

/**
 * ProductRecords over the 'product' rows of mappings, with the variants and prices written under
 * them, and staged_products (a written product is no longer a pending change, nor a bulk line
 * sent unrecorded).
 */
export function createPgProductRecords(pool: pg.Pool, shop: string): ProductRecords {
  return {
    async saveProductsWritten(products) {
      if (products.length === 0) return;
      await inTransaction(pool, async (c) => {
        const ids = products.map((p) => p.externalId);
        await c.query(
          `INSERT INTO mappings (shop, entity, external_id, shopify_id, content_hash, state, synced_at, data)
           SELECT $1, 'product', x, g, h, s, now(), CASE WHEN m IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('memberOf', m::jsonb) END
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(x, g, h, s, m)
           ON CONFLICT (shop, entity, external_id) DO UPDATE
             SET shopify_id = EXCLUDED.shopify_id, content_hash = EXCLUDED.content_hash, state = EXCLUDED.state, synced_at = now(),
                 -- collections joined in this very write are its memberships; otherwise a
                 -- re-created product has lost its collection memberships
                 data = CASE WHEN EXCLUDED.data ? 'memberOf' THEN (mappings.data - 'memberOf') || EXCLUDED.data
                             WHEN mappings.shopify_id IS DISTINCT FROM EXCLUDED.shopify_id THEN mappings.data - 'memberOf'
                             ELSE mappings.data END`,
          [
            shop,
            ids,
            products.map((p) => p.productId),
            products.map((p) => p.contentHash),
            products.map((p) => (p.status === 'ACTIVE' ? 'active' : 'archived')),
            products.map((p) => (p.memberOf ? JSON.stringify(p.memberOf) : null)),
          ],
        );
        const variants = products.flatMap((p) =>
          Object.entries(p.variantIds).map(([v, g]) => ({ p: p.externalId, v, g })),
        );
        // productSet replaced the variant list exactly: variants not in it are gone from Shopify.
        await c.query(
          `DELETE FROM mappings WHERE shop = $1 AND entity IN ('variant', 'price') AND parent_external_id = ANY($2)
             AND NOT (external_id = ANY($3))`,
          [shop, ids, variants.map((v) => v.v)],
        );
        await c.query(
          `INSERT INTO mappings (shop, entity, external_id, shopify_id, parent_external_id, state, synced_at)
           SELECT $1, 'variant', v, g, p, 'active', now() FROM unnest($2::text[], $3::text[], $4::text[]) AS t(v, g, p)
           ON CONFLICT (shop, entity, external_id) DO UPDATE
             SET shopify_id = EXCLUDED.shopify_id, parent_external_id = EXCLUDED.parent_external_id, synced_at = now()`,
          [shop, variants.map((v) => v.v), variants.map((v) => v.g), variants.map((v) => v.p)],
        );
        const prices = products.flatMap((p) =>
          Object.entries(p.pricesSent).map(([v, h]) => ({
            p: p.externalId,
            v,
            h,
            g: p.variantIds[v] ?? null,
          })),
        );
        await upsertPriceMappings(
          c,
          shop,
          prices.map((p) => ({ variant: p.v, variantId: p.g, product: p.p, hash: p.h })),
        );
        const unpublished = products.filter((p) => p.unpublished === true);
        if (unpublished.length > 0)
          await c.query(
            `INSERT INTO unpublished_products (shop, external_id, product_id)
             SELECT $1, x, g FROM unnest($2::text[], $3::text[]) AS t(x, g)
             ON CONFLICT (shop, external_id) DO UPDATE SET product_id = EXCLUDED.product_id, line = NULL`,
            [shop, unpublished.map((p) => p.externalId), unpublished.map((p) => p.productId)],
          );
        // Written: no longer a pending change of this run.
        await c.query(
          `UPDATE staged_products SET draft = NULL WHERE shop = $1 AND external_id = ANY($2)`,
          [shop, ids],
        );
        // Their variants' GIDs are recorded now: a bulk line sent for them earlier and never
        // recorded has nothing left to remember (assignBulkChunk clears it the same way).
        await c.query(
          `DELETE FROM bulk_sent_unrecorded WHERE shop = $1 AND external_id = ANY($2)`,
          [shop, ids],
        );
      });
    },
    async goneProducts(after, limit) {
      const { rows } = await pool.query<{ external_id: string; shopify_id: string }>(
        `SELECT m.external_id, m.shopify_id FROM mappings m
          WHERE m.shop = $1 AND m.entity = 'product' AND m.state = 'active' AND m.shopify_id IS NOT NULL
            AND ($2::text IS NULL OR m.external_id > $2)
            AND NOT EXISTS (SELECT 1 FROM staged_products s WHERE s.shop = $1 AND s.external_id = m.external_id)
          ORDER BY m.external_id LIMIT $3`,
        [shop, after, limit],
      );
      return rows.map((r) => ({ externalId: r.external_id, productId: r.shopify_id }));
    },
    async markArchived(externalIds) {
      // The hash is forgotten so that a product coming back upstream is written again in full.
      await pool.query(
        `UPDATE mappings SET state = 'archived', content_hash = NULL, synced_at = now() WHERE shop = $1 AND entity = 'product' AND external_id = ANY($2)`,
        [shop, externalIds],
      );
    },
    async *mappedProductIds() {
      let after = '';
      for (;;) {
        const { rows } = await pool.query<{ shopify_id: string }>(
          `SELECT shopify_id FROM mappings WHERE shop = $1 AND entity = 'product' AND shopify_id IS NOT NULL AND shopify_id > $2
            ORDER BY shopify_id LIMIT 5000`,
          [shop, after],
        );
        if (rows.length === 0) return;
        after = rows[rows.length - 1]?.shopify_id ?? after;
        yield rows.map((r) => r.shopify_id);
      }
    },
    async forgetProducts(productIds) {
      if (productIds.length === 0) return 0;
      // Their variants went with them: sending the old GIDs would name variants that are gone.
      await pool.query(
        `DELETE FROM mappings WHERE shop = $1 AND entity = 'variant'
           AND parent_external_id IN (SELECT external_id FROM mappings WHERE shop = $1 AND entity = 'product' AND shopify_id = ANY($2))`,
        [shop, productIds],
      );
      const { rowCount } = await pool.query(
        `UPDATE mappings SET content_hash = NULL, data = data - 'memberOf' WHERE shop = $1 AND entity = 'product' AND shopify_id = ANY($2)`,
        [shop, productIds],
      );
      await pool.query(
        `UPDATE mappings SET content_hash = NULL WHERE shop = $1 AND entity = 'price'
           AND parent_external_id IN (SELECT external_id FROM mappings WHERE shop = $1 AND entity = 'product' AND shopify_id = ANY($2))`,
        [shop, productIds],
      );
      return rowCount ?? 0;
    },
  };
}
