import type pg from 'pg';
import type { PriceWrites } from '../../../domain/ports/price-writes.js';
import { inTransaction } from '../pool.js';
import { analyzeWhenChanged } from './analyze-when-changed.js';
import { toStagedPrice, upsertPriceMappings, type StagedPriceRow } from './shared-sql.js';

interface PriceChangeRow {
  product_external_id: string;
  product_id: string;
  variant_external_id: string;
  variant_id: string;
  amount: string;
  compare_at: string | null;
  content_hash: string;
}

/**
 * PriceWrites over staged_prices against the 'variant', 'product' and 'price' mappings, the
 * changes of one run prepared into staged_price_changes.
 */
export function createPgPriceWrites(pool: pg.Pool, shop: string): PriceWrites {
  return {
    async preparePriceChanges() {
      // The product step may just have written thousands of mappings (an initial sync): refresh
      // the planner's view first, or it joins them by nested loops (a no-change run skips it).
      await analyzeWhenChanged(pool, 'mappings');
      const counts = await inTransaction(pool, async (c) => {
        const deleted = await c.query(`DELETE FROM staged_price_changes WHERE shop = $1`, [shop]);
        // One join per run (hash joins, linear in the catalogue): paging through it directly ran
        // it again for every page of every pass. The changed prices are found first (one join,
        // usually few rows), then joined to their variant and product: the planner, not knowing
        // how few differ, joined all three mappings for every staged price and filtered last
        // (10k no-change: 159 ms against 81 ms, EXPLAIN ANALYZE on the bench's database).
        const inserted = await c.query(
          `WITH changed AS MATERIALIZED (
             SELECT s.variant_external_id, s.amount, s.compare_at, s.content_hash
               FROM staged_prices s
               LEFT JOIN mappings m ON m.shop = s.shop AND m.entity = 'price' AND m.external_id = s.variant_external_id
              WHERE s.shop = $1 AND m.content_hash IS DISTINCT FROM s.content_hash)
           INSERT INTO staged_price_changes
             (shop, product_external_id, variant_external_id, product_id, variant_id, amount, compare_at, content_hash)
           SELECT $1, v.parent_external_id, s.variant_external_id, p.shopify_id, v.shopify_id, s.amount, s.compare_at, s.content_hash
             FROM changed s
             JOIN mappings v ON v.shop = $1 AND v.entity = 'variant' AND v.external_id = s.variant_external_id AND v.shopify_id IS NOT NULL
             JOIN mappings p ON p.shop = $1 AND p.entity = 'product' AND p.external_id = v.parent_external_id AND p.shopify_id IS NOT NULL`,
          [shop],
        );
        const { rows } = await c.query<{ products: string; variants: string }>(
          `SELECT count(DISTINCT product_external_id) AS products, count(*) AS variants
             FROM staged_price_changes WHERE shop = $1`,
          [shop],
        );
        return {
          products: Number(rows[0]?.products ?? 0),
          variants: Number(rows[0]?.variants ?? 0),
          written: (deleted.rowCount ?? 0) + (inserted.rowCount ?? 0),
        };
      });
      // Fresh statistics, or the pages may be read by a bitmap scan of everything after the
      // cursor and a sort (each page reading the rest of the set) instead of in the key's order.
      // The rows this run replaced are counted in (its own counters may not be published yet); a
      // run that replaced none (no price changed, now or last run) leaves the statistics as true.
      await analyzeWhenChanged(pool, 'staged_price_changes', counts.written);
      return { products: counts.products, variants: counts.variants };
    },
    async priceChanges(after, limit) {
      // Keyset paging along the primary key: each page is an index range scan (the statement is
      // planned with its values, so the NULL test of the first page folds away).
      const { rows } = await pool.query<PriceChangeRow>(
        `SELECT product_external_id, product_id, variant_external_id, variant_id, amount, compare_at, content_hash
           FROM staged_price_changes
          WHERE shop = $1 AND ($2::text IS NULL OR (product_external_id, variant_external_id) > ($2, $3))
          ORDER BY product_external_id, variant_external_id LIMIT $4`,
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
      // The unmapped prices are found first, as one hash anti-join of the staged prices against
      // the variant mappings (MATERIALIZED keeps it whole): under the LIMIT the planner probed the
      // mappings' index once per staged price instead (10k products: 136 -> 76 ms), and the
      // products' drafts are scanned only when some price is unmapped.
      const { rows } = await pool.query<StagedPriceRow>(
        `WITH unmapped AS MATERIALIZED (
           SELECT s.variant_external_id, s.amount, s.compare_at, s.content_hash FROM staged_prices s
             LEFT JOIN mappings v ON v.shop = s.shop AND v.entity = 'variant' AND v.external_id = s.variant_external_id
                                 AND v.shopify_id IS NOT NULL
            WHERE s.shop = $1 AND v.external_id IS NULL
         ), waiting AS (
           SELECT jsonb_array_elements(draft->'variants')->>'externalId' AS v
             FROM staged_products WHERE shop = $1 AND draft IS NOT NULL)
         SELECT u.variant_external_id, u.amount, u.compare_at, u.content_hash FROM unmapped u
          WHERE u.variant_external_id NOT IN (SELECT v FROM waiting WHERE v IS NOT NULL)
          ORDER BY u.variant_external_id LIMIT $2`,
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
