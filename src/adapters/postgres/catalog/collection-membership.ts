import type pg from 'pg';
import type { CollectionToJoin } from '../../../domain/model/catalog-write.js';
import type { CollectionMembership } from '../../../domain/ports/collection-membership.js';
import { inTransaction } from '../pool.js';
import { analyzeWhenChanged } from './analyze-when-changed.js';

/**
 * CollectionMembership: desired (staged_products.category_ids) against applied (the products'
 * memberOf lists in mappings), prepared into staged_membership.
 */
export function createPgCollectionMembership(pool: pg.Pool, shop: string): CollectionMembership {
  return {
    async prepareMembershipChanges() {
      // Desired membership (categories of staged products) against what was applied (memberOf);
      // products gone upstream keep their memberships (they are archived, not re-filed). Computed
      // once per run: paging through this diff directly would recompute it for every page. The
      // product step may just have written mappings; unchanged, its statistics still hold.
      await analyzeWhenChanged(pool, 'mappings');
      return inTransaction(pool, async (c) => {
        await c.query(`DELETE FROM staged_membership WHERE shop = $1`, [shop]);
        const { rowCount } = await c.query(
          `WITH desired AS (
             SELECT s.external_id, p.shopify_id, unnest(s.category_ids) AS category
               FROM staged_products s JOIN mappings p ON p.shop = s.shop AND p.entity = 'product' AND p.external_id = s.external_id
              WHERE s.shop = $1 AND p.shopify_id IS NOT NULL AND s.content_hash <> ''),
           applied AS (
             SELECT p.external_id, p.shopify_id, jsonb_array_elements_text(p.data->'memberOf') AS category
               FROM mappings p JOIN staged_products s ON s.shop = p.shop AND s.external_id = p.external_id
              WHERE p.shop = $1 AND p.entity = 'product' AND p.shopify_id IS NOT NULL AND jsonb_typeof(p.data->'memberOf') = 'array'
                AND s.content_hash <> '')
           INSERT INTO staged_membership (shop, category_id, product_external_id, product_id, op)
           SELECT DISTINCT ON (1, 2, 3) $1, coalesce(d.category, a.category), coalesce(d.external_id, a.external_id),
                  coalesce(d.shopify_id, a.shopify_id), CASE WHEN a.category IS NULL THEN 'add' ELSE 'remove' END
             FROM desired d FULL JOIN applied a ON a.external_id = d.external_id AND a.category = d.category
            WHERE d.category IS NULL OR a.category IS NULL`,
          [shop],
        );
        return rowCount ?? 0;
      });
    },
    async membershipChanges(after, limit) {
      const { rows } = await pool.query<{
        category_id: string;
        collection_id: string | null;
        product_external_id: string;
        product_id: string;
        op: 'add' | 'remove';
      }>(
        `SELECT sm.category_id, c.shopify_id AS collection_id, sm.product_external_id, sm.product_id, sm.op
           FROM staged_membership sm
           LEFT JOIN mappings c ON c.shop = sm.shop AND c.entity = 'collection' AND c.external_id = sm.category_id AND c.state = 'active'
          WHERE sm.shop = $1 AND ($2::text IS NULL OR (sm.category_id, sm.product_external_id) > ($2, $3))
          ORDER BY sm.category_id, sm.product_external_id LIMIT $4`,
        [shop, after?.categoryId ?? null, after?.productExternalId ?? null, limit],
      );
      return rows.map((r) => ({
        categoryId: r.category_id,
        collectionId: r.collection_id,
        productExternalId: r.product_external_id,
        productId: r.product_id,
        op: r.op,
      }));
    },
    async collectionsToJoin(externalIds) {
      if (externalIds.length === 0) return new Map();
      // The same active-collection join as membershipChanges, so a category whose collection
      // failed or is unknown is left to the membership step (which names it in the errors).
      const { rows } = await pool.query<{
        external_id: string;
        category_id: string;
        collection_id: string;
      }>(
        `SELECT s.external_id, cat AS category_id, c.shopify_id AS collection_id
           FROM staged_products s CROSS JOIN LATERAL unnest(s.category_ids) WITH ORDINALITY AS u(cat, n)
           JOIN mappings c ON c.shop = s.shop AND c.entity = 'collection' AND c.external_id = u.cat
                          AND c.state = 'active' AND c.shopify_id IS NOT NULL
          WHERE s.shop = $1 AND s.external_id = ANY($2)
            AND NOT EXISTS (SELECT 1 FROM mappings p WHERE p.shop = s.shop AND p.entity = 'product'
                              AND p.external_id = s.external_id AND p.shopify_id IS NOT NULL)
          ORDER BY s.external_id, u.n`,
        [shop, externalIds],
      );
      const joins = new Map<string, CollectionToJoin[]>();
      for (const r of rows) {
        const list = joins.get(r.external_id) ?? [];
        if (!list.some((j) => j.categoryId === r.category_id))
          list.push({ categoryId: r.category_id, collectionId: r.collection_id });
        joins.set(r.external_id, list);
      }
      return joins;
    },
    async saveMembership(changes) {
      if (changes.length === 0) return;
      // Each product's new list is built from its own few changes (grouped first), so the cost
      // stays linear in the batch whatever the catalogue size.
      await inTransaction(pool, async (c) => {
        await c.query(
          `WITH ch AS (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS t(product, category, op)),
           per_product AS (
             SELECT product, array_agg(category) FILTER (WHERE op = 'add') AS added,
                    array_agg(category) FILTER (WHERE op = 'remove') AS removed
               FROM ch GROUP BY product)
           UPDATE mappings m SET data = jsonb_set(m.data, '{memberOf}', (
               SELECT coalesce(jsonb_agg(DISTINCT x), '[]'::jsonb) FROM (
                 SELECT jsonb_array_elements_text(coalesce(m.data->'memberOf', '[]'::jsonb)) AS x
                 UNION SELECT unnest(coalesce(pp.added, '{}'))) u
                WHERE NOT (x = ANY(coalesce(pp.removed, '{}')))))
             FROM per_product pp WHERE m.shop = $1 AND m.entity = 'product' AND m.external_id = pp.product`,
          [
            shop,
            changes.map((ch) => ch.productExternalId),
            changes.map((ch) => ch.categoryId),
            changes.map((ch) => ch.op),
          ],
        );
        await c.query(
          `DELETE FROM staged_membership sm USING unnest($2::text[], $3::text[]) AS t(category, product)
            WHERE sm.shop = $1 AND sm.category_id = t.category AND sm.product_external_id = t.product`,
          [shop, changes.map((ch) => ch.categoryId), changes.map((ch) => ch.productExternalId)],
        );
      });
    },
  };
}
