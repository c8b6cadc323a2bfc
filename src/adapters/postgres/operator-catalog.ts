import type pg from 'pg';
import { inTransaction } from './pool.js';

export type ResyncEntity = 'product' | 'collection';

export interface MappingRow {
  readonly shop: string;
  readonly entity: ResyncEntity;
  readonly externalId: string;
  readonly shopifyId: string | null;
  readonly state: string;
  readonly hashed: boolean;
  readonly syncedAt: string;
  /** Products only: how many of its variant prices have a stored hash (sent again too). */
  readonly prices: number;
}

/** Read and repair queries over mappings (the "what was last sent" memory of sync-to-shopify). */
export function createOperatorCatalog(pool: pg.Pool) {
  return {
    async find(
      entity: ResyncEntity,
      externalIds: readonly string[],
      shop: string | null,
    ): Promise<MappingRow[]> {
      const { rows } = await pool.query<{
        shop: string;
        external_id: string;
        shopify_id: string | null;
        state: string;
        hashed: boolean;
        synced_at: Date;
        prices: string;
      }>(
        `SELECT m.shop, m.external_id, m.shopify_id, m.state, m.content_hash IS NOT NULL AS hashed, m.synced_at,
                (SELECT count(*) FROM mappings p WHERE p.shop = m.shop AND p.entity = 'price' AND p.parent_external_id = m.external_id AND p.content_hash IS NOT NULL) AS prices
           FROM mappings m
          WHERE m.entity = $1 AND m.external_id = ANY($2) AND ($3::text IS NULL OR m.shop = $3)
          ORDER BY m.shop, m.external_id`,
        [entity, externalIds, shop],
      );
      return rows.map((r) => ({
        shop: r.shop,
        entity,
        externalId: r.external_id,
        shopifyId: r.shopify_id,
        state: r.state,
        hashed: r.hashed,
        syncedAt: r.synced_at.toISOString(),
        prices: entity === 'product' ? Number(r.prices) : 0,
      }));
    },

    /**
     * Forgets what was last sent for these mappings: the next sync-to-shopify run finds them
     * changed and sends them whole (products with their prices, which are hashed apart).
     */
    async forget(
      rows: readonly Pick<MappingRow, 'shop' | 'entity' | 'externalId'>[],
    ): Promise<number> {
      if (rows.length === 0) return 0;
      return inTransaction(pool, async (client) => {
        const params = [
          rows.map((r) => r.shop),
          rows.map((r) => r.entity),
          rows.map((r) => r.externalId),
        ];
        const { rowCount } = await client.query(
          `UPDATE mappings m SET content_hash = NULL FROM unnest($1::text[], $2::text[], $3::text[]) AS t(shop, entity, id)
            WHERE m.shop = t.shop AND m.entity = t.entity AND m.external_id = t.id`,
          params,
        );
        await client.query(
          `UPDATE mappings m SET content_hash = NULL FROM unnest($1::text[], $2::text[], $3::text[]) AS t(shop, entity, id)
            WHERE t.entity = 'product' AND m.shop = t.shop AND m.entity = 'price' AND m.parent_external_id = t.id`,
          params,
        );
        return rowCount ?? 0;
      });
    },
  };
}

export type OperatorCatalog = ReturnType<typeof createOperatorCatalog>;
