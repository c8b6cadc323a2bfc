import type pg from 'pg';
import type { UnpublishedProducts } from '../../../domain/ports/unpublished-products.js';
import { inTransaction } from '../pool.js';

/** UnpublishedProducts over unpublished_products (rows written by saveProductsWritten). */
export function createPgUnpublishedProducts(pool: pg.Pool, shop: string): UnpublishedProducts {
  const toProduct = (r: { external_id: string; product_id: string }) => ({
    externalId: r.external_id,
    productId: r.product_id,
  });
  return {
    async countUnpublished() {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM unpublished_products WHERE shop = $1`,
        [shop],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async unpublishedPage(after, limit) {
      const { rows } = await pool.query<{ external_id: string; product_id: string }>(
        `SELECT external_id, product_id FROM unpublished_products
          WHERE shop = $1 AND ($2::text IS NULL OR external_id > $2)
          ORDER BY external_id LIMIT $3`,
        [shop, after, limit],
      );
      return rows.map(toProduct);
    },
    async numberUnpublishedLines() {
      return inTransaction(pool, async (c) => {
        await c.query(
          `UPDATE unpublished_products SET line = NULL WHERE shop = $1 AND line IS NOT NULL`,
          [shop],
        );
        const { rowCount } = await c.query(
          `UPDATE unpublished_products u SET line = n.line
             FROM (SELECT external_id, row_number() OVER (ORDER BY external_id) AS line
                     FROM unpublished_products WHERE shop = $1) n
            WHERE u.shop = $1 AND u.external_id = n.external_id`,
          [shop],
        );
        return rowCount ?? 0;
      });
    },
    async unpublishedLines(afterLine, limit) {
      const { rows } = await pool.query<{ external_id: string; product_id: string; line: number }>(
        `SELECT external_id, product_id, line FROM unpublished_products
          WHERE shop = $1 AND line > $2 ORDER BY line LIMIT $3`,
        [shop, afterLine, limit],
      );
      return rows.map((r) => ({ ...toProduct(r), line: r.line }));
    },
    async unpublishedAtLines(lines) {
      if (lines.length === 0) return new Map();
      const { rows } = await pool.query<{ external_id: string; product_id: string; line: number }>(
        `SELECT external_id, product_id, line FROM unpublished_products
          WHERE shop = $1 AND line = ANY($2::int[])`,
        [shop, lines],
      );
      return new Map(rows.map((r) => [r.line, toProduct(r)]));
    },
    async markPublished(products) {
      if (products.length === 0) return;
      // A product re-created meanwhile (a new product id) is still to be published.
      await pool.query(
        `DELETE FROM unpublished_products u
          USING unnest($2::text[], $3::text[]) AS t(x, g)
          WHERE u.shop = $1 AND u.external_id = t.x AND u.product_id = t.g`,
        [shop, products.map((p) => p.externalId), products.map((p) => p.productId)],
      );
    },
  };
}
