import type pg from 'pg';
import {
  sentKey,
  type InventoryState,
  type SentLevel,
  type VariantStanding,
} from '../../domain/ports/inventory-state.js';
import { readCursor, writeCursor } from './sync-cursors.js';

/** Marks live in sync_cursors under this prefix ('inventory:read-since', ...). */
const STREAM = 'inventory:';

/** What a remembered level is read with (sent, sentAfter), as the rows below are typed. */
const SENT_COLUMNS = `l.variant_external_id, l.warehouse_id, l.location_id, l.on_hand, l.source_updated_at,
                l.variant_id, l.inventory_item_id`;

interface SentRow {
  variant_external_id: string;
  warehouse_id: string;
  location_id: string;
  on_hand: number;
  source_updated_at: Date;
  variant_id: string | null;
  inventory_item_id: string | null;
}

const sentLevelOf = (r: SentRow): SentLevel => ({
  variantExternalId: r.variant_external_id,
  warehouseId: r.warehouse_id,
  locationId: r.location_id,
  onHand: r.on_hand,
  sourceUpdatedAt: r.source_updated_at.toISOString(),
  variantId: r.variant_id,
  itemId: r.inventory_item_id,
});

export function createPgInventoryState(pool: pg.Pool, shop: string): InventoryState {
  return {
    async variants(externalIds) {
      // Mapped: the catalogue job created it in Shopify. Waiting: its price was staged by the
      // catalogue job's last read (API X has it) but it has no Shopify variant yet.
      const { rows } = await pool.query<{ id: string; variant_id: string | null; staged: boolean }>(
        `SELECT t.id, m.shopify_id AS variant_id,
                EXISTS (SELECT 1 FROM staged_prices s WHERE s.shop = $1 AND s.variant_external_id = t.id) AS staged
           FROM unnest($2::text[]) AS t(id)
           LEFT JOIN mappings m ON m.shop = $1 AND m.entity = 'variant' AND m.external_id = t.id AND m.shopify_id IS NOT NULL`,
        [shop, externalIds],
      );
      return new Map(
        rows.map((r): [string, VariantStanding] => [
          r.id,
          r.variant_id
            ? { kind: 'mapped', variantId: r.variant_id }
            : { kind: r.staged ? 'waiting' : 'unknown' },
        ]),
      );
    },
    async catalogueReadAt() {
      const { rows } = await pool.query<{ at: Date | null }>(
        `SELECT max(started_at) AS at FROM sync_runs
          WHERE shop = $1 AND job = 'sync-to-shopify' AND status = 'succeeded' AND NOT dry_run`,
        [shop],
      );
      return rows[0]?.at?.toISOString() ?? null;
    },
    async sent(keys) {
      const { rows } = await pool.query<SentRow>(
        `SELECT ${SENT_COLUMNS}
           FROM inventory_levels l
           JOIN unnest($2::text[], $3::text[]) AS t(v, w) ON l.variant_external_id = t.v AND l.warehouse_id = t.w
          WHERE l.shop = $1`,
        [shop, keys.map((k) => k.variantExternalId), keys.map((k) => k.warehouseId)],
      );
      return new Map(
        rows.map((r): [string, SentLevel] => [
          sentKey(r.variant_external_id, r.warehouse_id),
          sentLevelOf(r),
        ]),
      );
    },
    async sentAfter(after, limit) {
      // The primary key (shop, variant_external_id, warehouse_id) serves the row comparison and
      // the order, so a page costs its rows whatever the table's size.
      const { rows } = await pool.query<SentRow>(
        `SELECT ${SENT_COLUMNS}
           FROM inventory_levels l
          WHERE l.shop = $1
            AND ($2::text IS NULL OR (l.variant_external_id, l.warehouse_id) > ($2::text, $3::text))
          ORDER BY l.variant_external_id, l.warehouse_id
          LIMIT $4`,
        [shop, after?.variantExternalId ?? null, after?.warehouseId ?? null, limit],
      );
      return rows.map(sentLevelOf);
    },
    async catalogued(variantExternalIds) {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT s.variant_external_id AS id FROM staged_prices s
          WHERE s.shop = $1 AND s.variant_external_id = ANY($2::text[])`,
        [shop, variantExternalIds],
      );
      return new Set(rows.map((r) => r.id));
    },
    async saveSent(levels) {
      if (levels.length === 0) return;
      await pool.query(
        `INSERT INTO inventory_levels (shop, variant_external_id, warehouse_id, location_id, on_hand, source_updated_at, variant_id, inventory_item_id, synced_at)
         SELECT $1, v, w, l, q, u, vid, iid, now()
           FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::text[]) AS t(v, w, l, q, u, vid, iid)
         ON CONFLICT (shop, variant_external_id, warehouse_id) DO UPDATE
           SET location_id = EXCLUDED.location_id, on_hand = EXCLUDED.on_hand,
               source_updated_at = EXCLUDED.source_updated_at, variant_id = EXCLUDED.variant_id,
               inventory_item_id = EXCLUDED.inventory_item_id, synced_at = now()`,
        [
          shop,
          levels.map((l) => l.variantExternalId),
          levels.map((l) => l.warehouseId),
          levels.map((l) => l.locationId),
          levels.map((l) => l.onHand),
          levels.map((l) => l.sourceUpdatedAt),
          levels.map((l) => l.variantId),
          levels.map((l) => l.itemId),
        ],
      );
    },
    // 'read-since' may move back (to a level that still waits), so it is written as it is.
    mark: (name) => readCursor(pool, shop, STREAM + name),
    saveMark: (name, value) => writeCursor(pool, shop, STREAM + name, value),
  };
}
