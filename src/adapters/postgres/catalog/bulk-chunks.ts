import type pg from 'pg';
import type { BulkChunks } from '../../../domain/ports/bulk-chunks.js';
import { inTransaction } from '../pool.js';
import { analyzeWhenChanged } from './analyze-when-changed.js';
import { toChanged, type StagedRow } from './shared-sql.js';

/** BulkChunks over staged_products.bulk_line (the line of the current chunk's file). */
export function createPgBulkChunks(pool: pg.Pool, shop: string): BulkChunks {
  /** Lines of the chunk assigned last in this write (its results are saved before the next). */
  let previousLines = 0;
  return {
    async assignBulkChunk(after, maxBytes, maxLines) {
      // The previous chunk's results may just have added thousands of mappings (an initial
      // sync): keep the planner's view current for the lookups of this chunk's drafts and
      // results. Only when changed beyond autovacuum's threshold: countStaged analysed both
      // tables before the first chunk, and a delta's chunk of a few hundred lines moves neither
      // (at 30k, two ANALYZEs of a 210k-row mappings per chunk for nothing). Each line saved at
      // least one mapping and its staged row: a lower bound the server's counters may not show
      // yet (analyze-when-changed.ts).
      if (after === null) previousLines = 0;
      await analyzeWhenChanged(pool, 'mappings', previousLines);
      await analyzeWhenChanged(pool, 'staged_products', previousLines);
      const assigned = await inTransaction(pool, async (c) => {
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
              AND ($4::bigint IS NULL OR n.line <= $4)
           RETURNING s.external_id, n.line`,
          [shop, after, maxBytes, maxLines ?? null],
        );
        // Their bulk_line (with the draft) now remembers them until their result is recorded.
        await c.query(
          `DELETE FROM bulk_sent_unrecorded WHERE shop = $1 AND external_id = ANY($2)`,
          [shop, rows.map((r) => r.external_id)],
        );
        // The last by line, i.e. in the database's own ordering of external ids (the keyset).
        const last = rows.reduce<{ external_id: string; line: string } | null>(
          (max, r) => (max === null || Number(r.line) > Number(max.line) ? r : max),
          null,
        );
        return { lines: rows.length, lastExternalId: last?.external_id ?? null };
      });
      previousLines = assigned.lines;
      return assigned;
    },
    async bulkChunk(afterLine, limit) {
      // Only the drafts are needed to write the file: no join (is_new is read with the results).
      const { rows } = await pool.query<StagedRow>(
        `SELECT s.external_id, s.content_hash, s.draft, s.bulk_line, false AS is_new, false AS was_active
           FROM staged_products s
          WHERE s.shop = $1 AND s.bulk_line > $2
          ORDER BY s.bulk_line LIMIT $3`,
        [shop, afterLine, limit],
      );
      // bulk_line > $2 leaves out the rows without a line, so every row read has one.
      return rows.map((row) => ({ ...toChanged(row), bulkLine: Number(row.bulk_line) }));
    },
    async productsAtBulkLines(lines) {
      // Two lookups by key rather than a join: while results are applied, mappings grows by
      // thousands of rows a minute, faster than the planner's statistics follow.
      const { rows } = await pool.query<StagedRow>(
        `SELECT external_id, content_hash, draft, bulk_line, false AS is_new, false AS was_active
           FROM staged_products WHERE shop = $1 AND bulk_line = ANY($2)`,
        [shop, lines],
      );
      const mapped = await pool.query<{ external_id: string; state: string }>(
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
    async productsSentInBulkUnrecorded() {
      // A bulk line keeps its draft until its result is saved (saveProductsWritten clears it);
      // resetStaging moved those of earlier runs to bulk_sent_unrecorded.
      const { rows } = await pool.query<{ external_id: string }>(
        `SELECT external_id FROM staged_products WHERE shop = $1 AND bulk_line IS NOT NULL AND draft IS NOT NULL
         UNION SELECT external_id FROM bulk_sent_unrecorded WHERE shop = $1`,
        [shop],
      );
      return new Set(rows.map((r) => r.external_id));
    },
  };
}
