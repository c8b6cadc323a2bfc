import type pg from 'pg';
import type {
  CatalogState,
  ChangedProduct,
  CollectionMapping,
  MembershipChange,
  PriceChange,
  StagedPrice,
} from '../../domain/ports/catalog-state.js';
import type { ProductDraft } from '../../domain/ports/shopify-catalog.js';
import { inTransaction } from './pool.js';

const DELETIONS_CHECKED_UP_TO = 'product-deletions';
const DELETIONS_FULL_CHECK_AT = 'product-deletions-full-check';

/** A stored mark; anything unreadable counts as never checked (the safe side: a full check). */
function timestampOrNull(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * CatalogState over mappings, staged_products, staged_prices, bulk_operations and the
 * hand-deletion check's marks in sync_cursors. Every statement
 * is parameterised; batches go through unnest() so a page is one round trip.
 */
export function createPgCatalogState(pool: pg.Pool, shop: string): CatalogState {
  const q = <R extends pg.QueryResultRow>(sql: string, params: unknown[]) =>
    pool.query<R>(sql, params);

  return {
    async collectionMappings() {
      const { rows } = await q<{
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
      await q(
        `INSERT INTO mappings (shop, entity, external_id, shopify_id, content_hash, state, synced_at)
         VALUES ($1, 'collection', $2, $3, $4, 'active', now())
         ON CONFLICT (shop, entity, external_id) DO UPDATE
           SET shopify_id = EXCLUDED.shopify_id, content_hash = EXCLUDED.content_hash, state = 'active', synced_at = now()`,
        [shop, externalId, collectionId, contentHash],
      );
    },
    async markCollectionsRemoved(externalIds) {
      await q(
        `UPDATE mappings SET state = 'removed', synced_at = now() WHERE shop = $1 AND entity = 'collection' AND external_id = ANY($2)`,
        [shop, externalIds],
      );
    },

    async productsSentInBulkUnrecorded() {
      // A bulk line keeps its draft until its result is saved (saveProductsWritten clears it).
      const { rows } = await q<{ external_id: string }>(
        `SELECT external_id FROM staged_products WHERE shop = $1 AND bulk_line IS NOT NULL AND draft IS NOT NULL`,
        [shop],
      );
      return new Set(rows.map((r) => r.external_id));
    },
    async resetStaging() {
      await inTransaction(pool, async (c) => {
        await c.query(`DELETE FROM staged_products WHERE shop = $1`, [shop]);
        await c.query(`DELETE FROM staged_prices WHERE shop = $1`, [shop]);
        await c.query(`DELETE FROM staged_membership WHERE shop = $1`, [shop]);
      });
    },
    async stagePrices(prices) {
      if (prices.length === 0) return;
      await q(
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
      const { rows } = await q<{
        variant_external_id: string;
        amount: string;
        compare_at: string | null;
        content_hash: string;
      }>(
        `SELECT variant_external_id, amount, compare_at, content_hash FROM staged_prices WHERE shop = $1 AND variant_external_id = ANY($2)`,
        [shop, variantExternalIds],
      );
      return new Map(rows.map((r) => [r.variant_external_id, toStagedPrice(r)]));
    },
    async stageProducts(products) {
      if (products.length === 0) return;
      // The draft is kept only when it differs from what Shopify last received (or the product
      // has no Shopify object yet): unchanged products cost one row of ids and nothing else.
      await q(
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
    async countStaged() {
      // Staging just rewrote these tables wholesale; without fresh statistics the planner takes
      // them for tiny and picks nested loops that run for minutes on a large catalogue.
      await pool.query(`ANALYZE staged_products, staged_prices, mappings`);
      const { rows } = await q<{
        staged: string;
        changed: string;
        mapped_active: string;
        gone: string;
      }>(
        `SELECT (SELECT count(*) FROM staged_products WHERE shop = $1) AS staged,
                (SELECT count(*) FROM staged_products WHERE shop = $1 AND draft IS NOT NULL AND NOT held_back) AS changed,
                (SELECT count(*) FROM mappings WHERE shop = $1 AND entity = 'product' AND state = 'active') AS mapped_active,
                (SELECT count(*) FROM mappings m WHERE m.shop = $1 AND m.entity = 'product' AND m.state = 'active' AND m.shopify_id IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM staged_products s WHERE s.shop = $1 AND s.external_id = m.external_id)) AS gone`,
        [shop],
      );
      const r = rows[0];
      return {
        staged: Number(r?.staged ?? 0),
        changed: Number(r?.changed ?? 0),
        mappedActive: Number(r?.mapped_active ?? 0),
        gone: Number(r?.gone ?? 0),
      };
    },
    async holdBackProducts(externalIds) {
      if (externalIds.length === 0) return;
      await q(
        `UPDATE staged_products SET held_back = true WHERE shop = $1 AND external_id = ANY($2)`,
        [shop, externalIds],
      );
    },
    async changedProducts(after, limit) {
      const { rows } = await q<StagedRow>(
        `SELECT s.external_id, s.content_hash, s.draft, s.bulk_line, m.shopify_id IS NULL AS is_new,
                coalesce(m.state = 'active', false) AS was_active
           FROM staged_products s
           LEFT JOIN mappings m ON m.shop = s.shop AND m.entity = 'product' AND m.external_id = s.external_id
          WHERE s.shop = $1 AND s.draft IS NOT NULL AND NOT s.held_back AND ($2::text IS NULL OR s.external_id > $2)
          ORDER BY s.external_id LIMIT $3`,
        [shop, after, limit],
      );
      return rows.map(toChanged);
    },
    async assignBulkChunk(after, maxBytes) {
      // The previous chunk's results just added thousands of mappings: keep the planner's view
      // current, or the joins on mappings below and in productsAtBulkLines go quadratic.
      await pool.query(`ANALYZE mappings, staged_products`);
      return inTransaction(pool, async (c) => {
        await c.query(
          `UPDATE staged_products SET bulk_line = NULL WHERE shop = $1 AND bulk_line IS NOT NULL`,
          [shop],
        );
        // A JSONL line of productSet variables is somewhat larger than the stored draft (input
        // names, custom-id metafields): weigh each draft generously so a file stays under the cap.
        const { rows } = await c.query<{ external_id: string; line: string }>(
          `WITH next AS (
             SELECT external_id, row_number() OVER (ORDER BY external_id) AS line,
                    sum(length(draft::text) * 2 + 256) OVER (ORDER BY external_id) AS bytes
               FROM staged_products WHERE shop = $1 AND draft IS NOT NULL AND NOT held_back AND ($2::text IS NULL OR external_id > $2))
           UPDATE staged_products s SET bulk_line = n.line
             FROM next n
            WHERE s.shop = $1 AND s.external_id = n.external_id AND (n.bytes <= $3 OR n.line = 1)
           RETURNING s.external_id, n.line`,
          [shop, after, maxBytes],
        );
        // The last by line, i.e. in the database's own ordering of external ids (the keyset).
        const last = rows.reduce<{ external_id: string; line: string } | null>(
          (max, r) => (max === null || Number(r.line) > Number(max.line) ? r : max),
          null,
        );
        return { lines: rows.length, lastExternalId: last?.external_id ?? null };
      });
    },
    async bulkChunk(afterLine, limit) {
      // Only the drafts are needed to write the file: no join (is_new is read with the results).
      const { rows } = await q<StagedRow>(
        `SELECT s.external_id, s.content_hash, s.draft, s.bulk_line, false AS is_new, false AS was_active
           FROM staged_products s
          WHERE s.shop = $1 AND s.bulk_line > $2
          ORDER BY s.bulk_line LIMIT $3`,
        [shop, afterLine, limit],
      );
      return rows.map(toChanged);
    },
    async productsAtBulkLines(lines) {
      // Two lookups by key rather than a join: while results are applied, mappings grows by
      // thousands of rows a minute, faster than the planner's statistics follow.
      const { rows } = await q<StagedRow>(
        `SELECT external_id, content_hash, draft, bulk_line, false AS is_new, false AS was_active
           FROM staged_products WHERE shop = $1 AND bulk_line = ANY($2)`,
        [shop, lines],
      );
      const mapped = await q<{ external_id: string; state: string }>(
        `SELECT external_id, state FROM mappings
          WHERE shop = $1 AND entity = 'product' AND external_id = ANY($2) AND shopify_id IS NOT NULL`,
        [shop, rows.map((r) => r.external_id)],
      );
      const known = new Map(mapped.rows.map((r) => [r.external_id, r.state]));
      return new Map(
        rows.map((r) => [
          Number(r.bulk_line),
          toChanged({
            ...r,
            is_new: !known.has(r.external_id),
            was_active: known.get(r.external_id) === 'active',
          }),
        ]),
      );
    },
    async saveProductsWritten(products) {
      if (products.length === 0) return;
      await inTransaction(pool, async (c) => {
        const ids = products.map((p) => p.externalId);
        await c.query(
          `INSERT INTO mappings (shop, entity, external_id, shopify_id, content_hash, state, synced_at)
           SELECT $1, 'product', x, g, h, s, now() FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(x, g, h, s)
           ON CONFLICT (shop, entity, external_id) DO UPDATE
             SET shopify_id = EXCLUDED.shopify_id, content_hash = EXCLUDED.content_hash, state = EXCLUDED.state, synced_at = now(),
                 -- a re-created product has lost its collection memberships
                 data = CASE WHEN mappings.shopify_id IS DISTINCT FROM EXCLUDED.shopify_id THEN mappings.data - 'memberOf' ELSE mappings.data END`,
          [
            shop,
            ids,
            products.map((p) => p.productId),
            products.map((p) => p.contentHash),
            products.map((p) => (p.status === 'ACTIVE' ? 'active' : 'archived')),
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
        // Written: no longer a pending change of this run.
        await c.query(
          `UPDATE staged_products SET draft = NULL WHERE shop = $1 AND external_id = ANY($2)`,
          [shop, ids],
        );
      });
    },
    async mappedVariants(variantExternalIds) {
      const { rows } = await q<{
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
    async forgetProducts(productIds) {
      if (productIds.length === 0) return 0;
      // Their variants went with them: sending the old GIDs would name variants that are gone.
      await q(
        `DELETE FROM mappings WHERE shop = $1 AND entity = 'variant'
           AND parent_external_id IN (SELECT external_id FROM mappings WHERE shop = $1 AND entity = 'product' AND shopify_id = ANY($2))`,
        [shop, productIds],
      );
      const { rowCount } = await q(
        `UPDATE mappings SET content_hash = NULL, data = data - 'memberOf' WHERE shop = $1 AND entity = 'product' AND shopify_id = ANY($2)`,
        [shop, productIds],
      );
      await q(
        `UPDATE mappings SET content_hash = NULL WHERE shop = $1 AND entity = 'price'
           AND parent_external_id IN (SELECT external_id FROM mappings WHERE shop = $1 AND entity = 'product' AND shopify_id = ANY($2))`,
        [shop, productIds],
      );
      return rowCount ?? 0;
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
    async *mappedVariantPages() {
      let after = '';
      for (;;) {
        const { rows } = await q<{ external_id: string; shopify_id: string; product_id: string }>(
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
    async *mappedProductIds() {
      let after = '';
      for (;;) {
        const { rows } = await q<{ shopify_id: string }>(
          `SELECT shopify_id FROM mappings WHERE shop = $1 AND entity = 'product' AND shopify_id IS NOT NULL AND shopify_id > $2
            ORDER BY shopify_id LIMIT 5000`,
          [shop, after],
        );
        if (rows.length === 0) return;
        after = rows[rows.length - 1]?.shopify_id ?? after;
        yield rows.map((r) => r.shopify_id);
      }
    },
    async mappedCollectionIds() {
      const { rows } = await q<{ shopify_id: string }>(
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
    async deletionCheckMarks() {
      const { rows } = await q<{ stream: unknown; value: unknown }>(
        `SELECT stream, value FROM sync_cursors WHERE shop = $1 AND stream = ANY($2)`,
        [shop, [DELETIONS_CHECKED_UP_TO, DELETIONS_FULL_CHECK_AT]],
      );
      const mark = (stream: string) =>
        timestampOrNull(rows.find((r) => r.stream === stream)?.value);
      return {
        checkedUpTo: mark(DELETIONS_CHECKED_UP_TO),
        lastFullCheckAt: mark(DELETIONS_FULL_CHECK_AT),
      };
    },
    async recordDeletionCheck(checkedUpTo, full) {
      const streams = full
        ? [DELETIONS_CHECKED_UP_TO, DELETIONS_FULL_CHECK_AT]
        : [DELETIONS_CHECKED_UP_TO];
      await q(
        `INSERT INTO sync_cursors (shop, stream, value)
         SELECT $1, stream, $3 FROM unnest($2::text[]) AS t(stream)
         ON CONFLICT (shop, stream) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [shop, streams, checkedUpTo.toISOString()],
      );
    },
    async goneProducts(after, limit) {
      const { rows } = await q<{ external_id: string; shopify_id: string }>(
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
      await q(
        `UPDATE mappings SET state = 'archived', content_hash = NULL, synced_at = now() WHERE shop = $1 AND entity = 'product' AND external_id = ANY($2)`,
        [shop, externalIds],
      );
    },

    async priceChanges(after, limit) {
      // The product step may just have written thousands of mappings (an initial sync): refresh
      // the planner's view once, before the first page, or it joins them by nested loops.
      if (after === null) await pool.query(`ANALYZE mappings`);
      const { rows } = await q<{
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
      const { rows } = await q<{
        variant_external_id: string;
        amount: string;
        compare_at: string | null;
        content_hash: string;
      }>(
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
    async savePrices(changes: readonly PriceChange[]) {
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

    async prepareMembershipChanges() {
      // Desired membership (categories of staged products) against what was applied (memberOf);
      // products gone upstream keep their memberships (they are archived, not re-filed). Computed
      // once per run: paging through this diff directly would recompute it for every page.
      await pool.query(`ANALYZE mappings`);
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
      const { rows } = await q<{
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
    async saveMembership(changes: readonly MembershipChange[]) {
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

    async inFlightBulkOperation(purpose) {
      const { rows } = await q<{ operation_id: string; lines: number }>(
        `SELECT operation_id, lines FROM bulk_operations WHERE shop = $1 AND purpose = $2 AND finished_at IS NULL`,
        [shop, purpose],
      );
      const r = rows[0];
      return r ? { operationId: r.operation_id, lines: r.lines } : null;
    },
    async recordBulkOperation(purpose, operationId, lines, runId) {
      await q(
        `INSERT INTO bulk_operations (shop, operation_id, purpose, status, lines, run_id) VALUES ($1, $2, $3, 'CREATED', $4, $5)`,
        [shop, operationId, purpose, lines, runId],
      );
    },
    async finishBulkOperation(operationId, status) {
      await q(
        `UPDATE bulk_operations SET status = $3, finished_at = now() WHERE shop = $1 AND operation_id = $2`,
        [shop, operationId, status],
      );
    },
  };
}

interface StagedRow {
  external_id: string;
  content_hash: string;
  draft: unknown;
  bulk_line: number | null;
  is_new: boolean;
  was_active: boolean;
}

function toChanged(row: StagedRow): ChangedProduct {
  // The draft was written by this service from a validated ProductDraft.
  return {
    externalId: row.external_id,
    contentHash: row.content_hash,
    draft: row.draft as ProductDraft,
    bulkLine: row.bulk_line,
    isNew: row.is_new,
    wasActive: row.was_active,
  };
}

export type { StagedPrice };

/** Records the price hashes Shopify now has (after a productSet or a price update). */
async function upsertPriceMappings(
  db: Pick<pg.Pool, 'query'>,
  shop: string,
  rows: readonly { variant: string; variantId: string | null; product: string; hash: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO mappings (shop, entity, external_id, shopify_id, parent_external_id, content_hash, state, synced_at)
     SELECT $1, 'price', v, g, p, h, 'active', now() FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(v, g, p, h)
     ON CONFLICT (shop, entity, external_id) DO UPDATE
       SET shopify_id = EXCLUDED.shopify_id, parent_external_id = EXCLUDED.parent_external_id,
           content_hash = EXCLUDED.content_hash, synced_at = now()`,
    [
      shop,
      rows.map((r) => r.variant),
      rows.map((r) => r.variantId),
      rows.map((r) => r.product),
      rows.map((r) => r.hash),
    ],
  );
}

interface StagedPriceRow {
  variant_external_id: string;
  amount: string;
  compare_at: string | null;
  content_hash: string;
}

function toStagedPrice(r: StagedPriceRow): StagedPrice {
  return {
    variantExternalId: r.variant_external_id,
    amount: r.amount,
    compareAt: r.compare_at,
    contentHash: r.content_hash,
  };
}
