import type pg from 'pg';
import type { CatalogStaging } from '../../../domain/ports/catalog-staging.js';
import { inTransaction } from '../pool.js';
import { toStagedPrice, type StagedPriceRow } from './shared-sql.js';

/**
 * CatalogStaging over staged_products and staged_prices (staged_membership is cleared with
 * them; bulk lines sent unrecorded are kept in bulk_sent_unrecorded). Batches go through unnest() so a page is one round trip.
 */
export function createPgCatalogStaging(pool: pg.Pool, shop: string): CatalogStaging {
  return {
    async resetStaging() {
      await inTransaction(pool, async (c) => {
        // Lines of a bulk file whose answer was lost outlive staging: forgotten, the next runs
        // would send those products' variants without the GIDs Shopify gave them.
        await c.query(
          `INSERT INTO bulk_sent_unrecorded (shop, external_id)
           SELECT shop, external_id FROM staged_products WHERE shop = $1 AND bulk_line IS NOT NULL AND draft IS NOT NULL
           ON CONFLICT DO NOTHING`,
          [shop],
        );
        await c.query(`DELETE FROM staged_products WHERE shop = $1`, [shop]);
        await c.query(`DELETE FROM staged_prices WHERE shop = $1`, [shop]);
        await c.query(`DELETE FROM staged_membership WHERE shop = $1`, [shop]);
      });
    },
    async stagePrices(prices) {
      if (prices.length === 0) return;
      await pool.query(
        `INSERT INTO staged_prices (shop, variant_external_id, amount, compare_at, content_hash)
         SELECT $1, v, a, c, h FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(v, a, c, h)
         ON CONFLICT (shop, variant_external_id) DO UPDATE
           SET amount = EXCLUDED.amount, compare_at = EXCLUDED.compare_at, content_hash = EXCLUDED.content_hash`,
        [
          shop,
          prices.map((p) => p.variantExternalId),
          prices.map((p) => p.amount),
          prices.map((p) => p.compareAt),
          prices.map((p) => p.contentHash),
        ],
      );
    },
    async stagedPricesOf(variantExternalIds) {
      const { rows } = await pool.query<StagedPriceRow>(
        `SELECT variant_external_id, amount, compare_at, content_hash FROM staged_prices WHERE shop = $1 AND variant_external_id = ANY($2)`,
        [shop, variantExternalIds],
      );
      return new Map(rows.map((r) => [r.variant_external_id, toStagedPrice(r)]));
    },
    async stageProducts(products) {
      if (products.length === 0) return;
      // The draft is kept only when it differs from what Shopify last received (or the product
      // has no Shopify object yet): unchanged products cost one row of ids and nothing else.
      await pool.query(
        `INSERT INTO staged_products (shop, external_id, content_hash, category_ids, active, draft)
         SELECT $1, t.x, t.h, ARRAY(SELECT jsonb_array_elements_text(t.c)), t.a,
                CASE WHEN t.d IS NOT NULL AND (m.shopify_id IS NULL OR m.content_hash IS DISTINCT FROM t.h) THEN t.d END
           FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::boolean[], $6::jsonb[]) AS t(x, h, c, a, d)
           LEFT JOIN mappings m ON m.shop = $1 AND m.entity = 'product' AND m.external_id = t.x
         ON CONFLICT (shop, external_id) DO UPDATE
           SET content_hash = EXCLUDED.content_hash, category_ids = EXCLUDED.category_ids, active = EXCLUDED.active, draft = EXCLUDED.draft`,
        [
          shop,
          products.map((p) => p.externalId),
          products.map((p) => p.contentHash),
          products.map((p) => JSON.stringify(p.categoryIds)),
          products.map((p) => p.active),
          products.map((p) => (p.draft ? JSON.stringify(p.draft) : null)),
        ],
      );
    },
  };
}
