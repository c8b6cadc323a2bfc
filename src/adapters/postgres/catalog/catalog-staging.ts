import type pg from 'pg';
import type { ProductDraft } from '../../../domain/model/catalog-write.js';
import type { CatalogStaging } from '../../../domain/ports/catalog-staging.js';
import { inTransaction } from '../pool.js';
import { toStagedPrice, type StagedPriceRow } from './shared-sql.js';

/** A Postgres array literal of strings (every element quoted), for a text[] that varies per row. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * CatalogStaging over staged_products and staged_prices (staged_membership is cleared with
 * them; bulk lines sent unrecorded are kept in bulk_sent_unrecorded). Batches go through
 * unnest() so a page is one round trip.
 *
 * unnest() rather than COPY: COPY can neither upsert (a product is staged again when a newer
 * copy follows) nor answer which rows changed, and it needs another dependency; for the prices,
 * the one place it could serve, plain INSERT ... unnest came within ~25% of it (300k rows).
 */
export function createPgCatalogStaging(pool: pg.Pool, shop: string): CatalogStaging {
  const stageDrafts = async (drafts: readonly ProductDraft[]): Promise<void> => {
    if (drafts.length === 0) return;
    await pool.query(
      `UPDATE staged_products s SET draft = t.d
         FROM unnest($2::text[], $3::jsonb[]) AS t(x, d)
        WHERE s.shop = $1 AND s.external_id = t.x`,
      [shop, drafts.map((d) => d.externalId), drafts.map((d) => JSON.stringify(d))],
    );
  };
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
      // A plain INSERT: the port stages each variant once after a reset (an upsert's conflict
      // check cost half as much again). A repeat would fail the batch loudly, never overwrite.
      await pool.query(
        `INSERT INTO staged_prices (shop, variant_external_id, amount, compare_at, content_hash)
         SELECT $1, v, a, c, h FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(v, a, c, h)`,
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
    async knownContentOf(externalIds) {
      const { rows } = await pool.query<{
        external_id: string;
        record_key: string;
        content_hash: string;
      }>(
        `SELECT external_id, record_key, content_hash FROM product_content_keys WHERE shop = $1 AND external_id = ANY($2)`,
        [shop, externalIds],
      );
      return new Map(
        rows.map((r) => [r.external_id, { recordKey: r.record_key, contentHash: r.content_hash }]),
      );
    },
    async stageProducts(products) {
      if (products.length === 0) return [];
      // Staged without drafts; the statement answers which products differ from what Shopify
      // last received (or have no Shopify object yet), and only their drafts travel, in a
      // second statement. An unchanged catalogue sends ids and hashes, nothing else. No
      // transaction: if the second statement fails the run stops, and the next run stages afresh.
      // Hashes computed this run are remembered under their record keys in the same statement.
      const { rows } = await pool.query<{ external_id: string }>(
        `WITH t AS (
           SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[], $6::boolean[], $7::text[], $8::text[], $9::text[]) AS t(x, h, c, a, d, k, v, s)
         ), staged AS (
           INSERT INTO staged_products (shop, external_id, content_hash, category_ids, active, draft, variant_ids, assumed_status)
           SELECT $1, t.x, t.h, t.c::text[], t.a, NULL, t.v::text[], t.s FROM t
           ON CONFLICT (shop, external_id) DO UPDATE
             SET content_hash = EXCLUDED.content_hash, category_ids = EXCLUDED.category_ids, active = EXCLUDED.active, draft = NULL,
                 variant_ids = EXCLUDED.variant_ids, assumed_status = EXCLUDED.assumed_status
         ), remembered AS (
           INSERT INTO product_content_keys (shop, external_id, record_key, content_hash)
           SELECT $1, t.x, t.k, t.h FROM t WHERE t.k IS NOT NULL
           ON CONFLICT (shop, external_id) DO UPDATE
             SET record_key = EXCLUDED.record_key, content_hash = EXCLUDED.content_hash
         )
         SELECT t.x AS external_id FROM t
           LEFT JOIN mappings m ON m.shop = $1 AND m.entity = 'product' AND m.external_id = t.x
          WHERE t.d AND (m.shopify_id IS NULL OR m.content_hash IS DISTINCT FROM t.h)`,
        [
          shop,
          products.map((p) => p.externalId),
          products.map((p) => p.contentHash),
          products.map((p) => textArrayLiteral(p.categoryIds)),
          products.map((p) => p.active),
          products.map((p) => p.draft !== null),
          products.map((p) => p.recordKey ?? null),
          products.map((p) => (p.variantIds === undefined ? null : textArrayLiteral(p.variantIds))),
          products.map((p) => p.assumedStatus ?? null),
        ],
      );
      if (rows.length === 0) return [];
      const changed = new Set(rows.map((r) => r.external_id));
      const drafts: ProductDraft[] = [];
      const wanted: string[] = [];
      for (const p of products) {
        if (p.draft === null || !changed.has(p.externalId)) continue;
        if (p.draft === 'unbuilt') wanted.push(p.externalId);
        else drafts.push(p.draft);
      }
      await stageDrafts(drafts);
      return wanted;
    },
    stageDrafts,
    async checkProvisional(archiveStatus) {
      // The status rule of productStatus (catalog-mapping.ts), over the staged prices. One hash
      // join and aggregate: a price lookup per variant took twice as long (10k products: 142 ms
      // against 66 ms on an idle machine). A product without variants has every variant priced.
      const { rows } = await pool.query<{
        external_id: string;
        redraft: boolean;
        unpriced: boolean;
      }>(
        `WITH v AS (
           SELECT s.external_id, s.active, s.assumed_status,
                  count(*) FILTER (WHERE u.id IS NOT NULL AND p.variant_external_id IS NULL) AS unpriced
             FROM staged_products s LEFT JOIN LATERAL unnest(s.variant_ids) AS u(id) ON true
             LEFT JOIN staged_prices p ON p.shop = s.shop AND p.variant_external_id = u.id
            WHERE s.shop = $1 AND s.variant_ids IS NOT NULL
            GROUP BY s.external_id, s.active, s.assumed_status
         ), checked AS (
           SELECT external_id, active AND unpriced > 0 AS unpriced,
                  assumed_status <> CASE WHEN NOT active THEN $2 WHEN unpriced > 0 THEN 'DRAFT' ELSE 'ACTIVE' END AS redraft
             FROM v
         )
         SELECT external_id, redraft, unpriced FROM checked WHERE redraft OR unpriced`,
        [shop, archiveStatus],
      );
      return {
        redraft: rows.filter((r) => r.redraft).map((r) => r.external_id),
        unpricedProducts: rows.filter((r) => r.unpriced).length,
      };
    },
    async unpricedStaged(after, limit) {
      const { rows } = await pool.query<{ external_id: string; variant_id: string; n: string }>(
        `SELECT s.external_id, v.id AS variant_id, v.n
           FROM staged_products s CROSS JOIN LATERAL unnest(s.variant_ids) WITH ORDINALITY AS v(id, n)
          WHERE s.shop = $1 AND s.variant_ids IS NOT NULL AND s.active
            AND ($2::text IS NULL OR (s.external_id, v.n) > ($2, $3))
            AND NOT EXISTS (SELECT 1 FROM staged_prices p WHERE p.shop = $1 AND p.variant_external_id = v.id)
          ORDER BY s.external_id, v.n LIMIT $4`,
        [shop, after?.productExternalId ?? null, after?.position ?? 0, limit],
      );
      return rows.map((r) => ({
        productExternalId: r.external_id,
        variantExternalId: r.variant_id,
        position: Number(r.n),
      }));
    },
  };
}
