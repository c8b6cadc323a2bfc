import type pg from 'pg';
import type {
  Shipment,
  ShipmentLine,
  ShipmentRecord,
  Tracking,
} from '../../domain/model/shipment.js';
import type {
  HeldShipmentsReport,
  PushedOrders,
  ShipmentCursor,
  ShipmentRecords,
} from '../../domain/ports/shipment-store.js';
import { toJsonb } from './run-records.js';
import { moveCursorForward, readCursor } from './sync-cursors.js';

const STREAM = 'apix-shipments';

/** A shipment's order by Shopify id: the orders primary key (shop, shopify_id). */
export const ORDER_BY_ID_SQL = `SELECT shopify_id, name, normalized -> 'lineItems' AS lines FROM orders
  WHERE shop = $1 AND shopify_id = $2`;

/**
 * A shipment's order by API X reference (when API X names no Shopify id): the partial index
 * orders_by_apix_reference holds exactly this predicate. LIMIT 1: references are API X's, not
 * constrained unique here.
 */
export const ORDER_BY_REFERENCE_SQL = `SELECT shopify_id, name, normalized -> 'lineItems' AS lines FROM orders
  WHERE shop = $1 AND apix_reference = $2 AND apix_reference IS NOT NULL
  LIMIT 1`;

interface Row {
  shipment_id: string;
  order_shopify_id: string | null;
  state: ShipmentRecord['state'];
  fulfillment_id: string | null;
  location_id: string | null;
  lines: ShipmentLine[];
  tracking: Tracking | null;
  apix_updated_at: Date;
  intent_at: Date | null;
  detail: string | null;
  held_since: Date | null;
  waiting: Shipment | null;
}

export function shipmentOfRow(r: Row): ShipmentRecord {
  return {
    shipmentId: r.shipment_id,
    orderId: r.order_shopify_id,
    state: r.state,
    fulfillmentId: r.fulfillment_id,
    locationId: r.location_id,
    lines: r.lines,
    tracking: r.tracking,
    apixUpdatedAt: r.apix_updated_at.toISOString(),
    intentAt: r.intent_at?.toISOString() ?? null,
    detail: r.detail,
    heldSince: r.held_since?.toISOString() ?? null,
    waiting: r.waiting,
  };
}

/** The shipments step's state in Postgres (shipments, the `apix-shipments` cursor, orders). */
export function createPgShipmentStore(
  pool: pg.Pool,
  shop: string,
): ShipmentCursor & ShipmentRecords & PushedOrders & HeldShipmentsReport {
  return {
    async since() {
      return readCursor(pool, shop, STREAM);
    },

    async advance(updatedAt) {
      await moveCursorForward(pool, shop, STREAM, updatedAt);
    },

    async get(shipmentId) {
      const { rows } = await pool.query<Row>(
        `SELECT * FROM shipments WHERE shop = $1 AND shipment_id = $2`,
        [shop, shipmentId],
      );
      return rows[0] ? shipmentOfRow(rows[0]) : null;
    },

    async save(s) {
      // held_since and waiting belong to a held row only: any other state clears them (a record
      // spread from a held one into 'intent' or 'fulfilled' may still carry them).
      const held = s.state === 'held';
      await pool.query(
        `INSERT INTO shipments AS s (shop, shipment_id, order_shopify_id, state, fulfillment_id, location_id, lines, tracking, apix_updated_at, intent_at, detail, held_since, waiting)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (shop, shipment_id) DO UPDATE SET
           order_shopify_id = EXCLUDED.order_shopify_id, state = EXCLUDED.state,
           fulfillment_id = EXCLUDED.fulfillment_id, location_id = EXCLUDED.location_id,
           lines = EXCLUDED.lines, tracking = EXCLUDED.tracking,
           apix_updated_at = EXCLUDED.apix_updated_at, intent_at = EXCLUDED.intent_at,
           detail = EXCLUDED.detail, held_since = EXCLUDED.held_since,
           waiting = EXCLUDED.waiting, updated_at = now()`,
        [
          shop,
          s.shipmentId,
          s.orderId,
          s.state,
          s.fulfillmentId,
          s.locationId,
          toJsonb(s.lines),
          s.tracking === null ? null : toJsonb(s.tracking),
          s.apixUpdatedAt,
          s.intentAt,
          s.detail,
          held ? (s.heldSince ?? new Date().toISOString()) : null,
          held && s.waiting !== null ? toJsonb(s.waiting) : null,
        ],
      );
    },

    async waiting() {
      const { rows } = await pool.query<Row & { waiting: Shipment }>(
        `SELECT * FROM shipments
          WHERE shop = $1 AND state = 'held' AND waiting IS NOT NULL
          ORDER BY held_since, shipment_id`,
        [shop],
      );
      return rows.map((r) => ({ ...shipmentOfRow(r), waiting: r.waiting }));
    },

    async held() {
      const { rows } = await pool.query<{ waiting: number; refused: number; oldest: Date | null }>(
        `SELECT count(*) FILTER (WHERE waiting IS NOT NULL)::int AS waiting,
                count(*) FILTER (WHERE waiting IS NULL)::int AS refused,
                -- Waiting ones only: a refused one waits for API X, not for us, and the migration
                -- stamped rows refused long before it, which would page at rollout (review R5).
                min(coalesce(held_since, updated_at)) FILTER (WHERE waiting IS NOT NULL) AS oldest
           FROM shipments WHERE shop = $1 AND state = 'held'`,
        [shop],
      );
      const r = rows[0];
      return { waiting: r?.waiting ?? 0, refused: r?.refused ?? 0, oldestSince: r?.oldest ?? null };
    },

    async numbersInUse(numbers, exceptShipmentId) {
      if (numbers.length === 0) return [];
      const { rows } = await pool.query<{ n: string }>(
        `SELECT DISTINCT n FROM shipments, unnest($3::text[]) AS n
          WHERE shop = $1 AND shipment_id <> $2 AND state IN ('intent', 'fulfilled')
            AND tracking -> 'numbers' ? n`,
        [shop, exceptShipmentId, numbers],
      );
      return rows.map((r) => r.n).sort();
    },

    async fulfilmentsOf(orderId) {
      const { rows } = await pool.query<{ fulfillment_id: string }>(
        `SELECT fulfillment_id FROM shipments
          WHERE shop = $1 AND order_shopify_id = $2 AND fulfillment_id IS NOT NULL`,
        [shop, orderId],
      );
      return new Set(rows.map((r) => r.fulfillment_id));
    },

    async find(orderId, reference) {
      // Two statements, not `shopify_id = $2 OR apix_reference = $3`: an OR across two columns
      // cannot use either index, and this runs once per shipment every five minutes.
      const byId = orderId !== null;
      const { rows } = await pool.query<{
        shopify_id: string;
        name: string;
        lines: { shopifyId: string; quantity: number; variantId?: string | null }[] | null;
      }>(byId ? ORDER_BY_ID_SQL : ORDER_BY_REFERENCE_SQL, [shop, byId ? orderId : reference]);
      const r = rows[0];
      if (!r) return null;
      return {
        orderId: r.shopify_id,
        name: r.name,
        lines: (r.lines ?? []).map((l) => ({
          lineItemId: l.shopifyId,
          quantity: l.quantity,
          variantId: l.variantId ?? null,
        })),
      };
    },

    async oldestCreatedAt() {
      // Once per run; the partial index orders_by_apix_reference holds exactly these rows.
      const { rows } = await pool.query<{ oldest: Date | null }>(
        `SELECT min(shopify_created_at) AS oldest FROM orders
          WHERE shop = $1 AND apix_reference IS NOT NULL`,
        [shop],
      );
      return rows[0]?.oldest ?? null;
    },
  };
}
