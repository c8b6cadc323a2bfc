import type pg from 'pg';
import type { VariantMappings } from '../../../domain/ports/variant-mappings.js';
import { inTransaction } from '../pool.js';

/** VariantMappings over the 'variant' rows of mappings (parent_external_id: their product). */
export function createPgVariantMappings(pool: pg.Pool, shop: string): VariantMappings {
  return {
    async mappedVariants(variantExternalIds) {
      const { rows } = await pool.query<{
        external_id: string;
        shopify_id: string;
        parent_external_id: string;
      }>(
        `SELECT external_id, shopify_id, parent_external_id FROM mappings
          WHERE shop = $1 AND entity = 'variant' AND external_id = ANY($2) AND shopify_id IS NOT NULL`,
        [shop, variantExternalIds],
      );
      return new Map(
        rows.map((r) => [
          r.external_id,
          { variantId: r.shopify_id, productExternalId: r.parent_external_id },
        ]),
      );
    },
    async *mappedVariantPages() {
      let after = '';
      for (;;) {
        const { rows } = await pool.query<{
          external_id: string;
          shopify_id: string;
          product_id: string;
        }>(
          `SELECT v.external_id, v.shopify_id, p.shopify_id AS product_id
             FROM mappings v
             JOIN mappings p ON p.shop = v.shop AND p.entity = 'product' AND p.external_id = v.parent_external_id
            WHERE v.shop = $1 AND v.entity = 'variant' AND v.shopify_id IS NOT NULL AND p.shopify_id IS NOT NULL
              AND v.external_id > $2
            ORDER BY v.external_id LIMIT 5000`,
          [shop, after],
        );
        if (rows.length === 0) return;
        after = rows[rows.length - 1]?.external_id ?? after;
        yield rows.map((r) => ({
          externalId: r.external_id,
          variantId: r.shopify_id,
          productId: r.product_id,
        }));
      }
    },
    async forgetVariants(variantExternalIds) {
      if (variantExternalIds.length === 0) return;
      await inTransaction(pool, async (c) => {
        await c.query(
          `UPDATE mappings SET content_hash = NULL WHERE shop = $1 AND entity = 'product' AND external_id IN (
             SELECT parent_external_id FROM mappings WHERE shop = $1 AND entity = 'variant' AND external_id = ANY($2))`,
          [shop, variantExternalIds],
        );
        await c.query(
          `UPDATE mappings SET content_hash = NULL WHERE shop = $1 AND entity = 'price' AND external_id = ANY($2)`,
          [shop, variantExternalIds],
        );
        await c.query(
          `DELETE FROM mappings WHERE shop = $1 AND entity = 'variant' AND external_id = ANY($2)`,
          [shop, variantExternalIds],
        );
      });
    },
  };
}
