import type pg from 'pg';
import type { AccessMemo } from '../../domain/ports/access-memo.js';

/** The shop_access row of one shop. */
export function createPgAccessMemo(pool: pg.Pool, shop: string): AccessMemo {
  return {
    async lastAccessCheck() {
      const { rows } = await pool.query<{ read_all_orders: boolean; checked_at: Date }>(
        `SELECT read_all_orders, checked_at FROM shop_access WHERE shop = $1`,
        [shop],
      );
      const row = rows[0];
      return row ? { readsAllOrders: row.read_all_orders, checkedAt: row.checked_at } : null;
    },
    async recordAccessCheck(readsAllOrders) {
      await pool.query(
        `INSERT INTO shop_access (shop, read_all_orders, checked_at) VALUES ($1, $2, now())
         ON CONFLICT (shop) DO UPDATE SET read_all_orders = EXCLUDED.read_all_orders, checked_at = now()`,
        [shop, readsAllOrders],
      );
    },
  };
}
