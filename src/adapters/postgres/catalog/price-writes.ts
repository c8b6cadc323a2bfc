import type pg from 'pg';
import type { PriceWrites } from '../../../domain/ports/price-writes.js';
import { toStagedPrice, upsertPriceMappings, type StagedPriceRow } from './shared-sql.js';

/** PriceWrites over staged_prices against the 'variant', 'product' and 'price' mappings. */
export function createPgPriceWrites(pool: pg.Pool, shop: string): PriceWrites {
  return {
    async priceChanges(after, limit) {
      // The product step may just have written thousands of mappings (an initial sync): refresh
      // the planner's view once, before the first page, or it joins them by nested loops.
      if (after === null) await pool.query(`ANALYZE mappings`);
      const { rows } = await pool.query<{
        product_external_id: string;
        product_id: string;
        variant_external_id: string;
        variant_id: string;
        amount: string;
        compare_at: string | null;
        content_hash: string;
      }>(
        `SELECT v.parent_external_id AS product_external_id, p.shopify_id AS product_id, s.variant_external_id,
                v.shopify_id AS variant_id, s.amount, s.compare_at, s.content_hash
           FROM staged_prices s
           JOIN mappings v ON v.shop = s.shop AND v.entity = 'variant' AND v.external_id = s.variant_external_id AND v.shopify_id IS NOT NULL
           JOIN mappings p ON p.shop = s.shop AND p.entity = 'product' AND p.external_id = v.parent_external_id AND p.shopify_id IS NOT NULL
           LEFT JOIN mappings m ON m.shop = s.shop AND m.entity = 'price' AND m.external_id = s.variant_external_id
          WHERE s.shop = $1 AND m.content_hash IS DISTINCT FROM s.content_hash
            AND ($2::text IS NULL OR (v.parent_external_id, s.variant_external_id) > ($2, $3))
          ORDER BY v.parent_external_id, s.variant_external_id LIMIT $4`,
        [shop, after?.productExternalId ?? null, after?.variantExternalId ?? null, limit],
      );
      return rows.map((r) => ({
        productExternalId: r.product_external_id,
        productId: r.product_id,
        variantExternalId: r.variant_external_id,
        price: { variantId: r.variant_id, price: r.amount, compareAtPrice: r.compare_at },
        contentHash: r.content_hash,
      }));
    },
    async unmappedPrices(limit) {
      // Variants of a product still waiting to be written (refused: its own error names it;
      // or held back by Shopify's daily variant limit: not an error) are left out.
      const { rows } = await pool.query<StagedPriceRow>(
        `WITH waiting AS (
           SELECT jsonb_array_elements(draft->'variants')->>'externalId' AS v
             FROM staged_products WHERE shop = $1 AND draft IS NOT NULL)
         SELECT s.variant_external_id, s.amount, s.compare_at, s.content_hash FROM staged_prices s
          WHERE s.shop = $1 AND NOT EXISTS (
            SELECT 1 FROM mappings v WHERE v.shop = s.shop AND v.entity = 'variant' AND v.external_id = s.variant_external_id AND v.shopify_id IS NOT NULL)
            AND s.variant_external_id NOT IN (SELECT v FROM waiting WHERE v IS NOT NULL)
          ORDER BY s.variant_external_id LIMIT $2`,
        [shop, limit],
      );
      return rows.map(toStagedPrice);
    },
    async savePrices(changes) {
      if (changes.length === 0) return;
      await upsertPriceMappings(
        pool,
        shop,
        changes.map((c) => ({
          variant: c.variantExternalId,
          variantId: c.price.variantId,
          product: c.productExternalId,
          hash: c.contentHash,
        })),
      );
    },
  };
}
