import type pg from 'pg';
import type { ShipmentRecord } from '../../domain/model/shipment.js';
import { shipmentOfRow } from './shipment-store.js';

/** The shipments of one order as `orders show` lists them, oldest first. */
export async function shipmentsOfOrder(
  pool: pg.Pool,
  shop: string,
  shopifyId: string,
): Promise<ShipmentRecord[]> {
  const { rows } = await pool.query<Parameters<typeof shipmentOfRow>[0]>(
    `SELECT * FROM shipments WHERE shop = $1 AND order_shopify_id = $2 ORDER BY apix_updated_at, shipment_id`,
    [shop, shopifyId],
  );
  return rows.map(shipmentOfRow);
}
