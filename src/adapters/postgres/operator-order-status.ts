import type pg from 'pg';
import type { OrdersPastHorizon } from '../../domain/ports/orders-past-horizon.js';
import { createPgOrderStore } from './order-store.js';

export interface OrderBacklog {
  readonly shop: string;
  readonly pending: number;
  readonly failed: number;
  readonly dead: number;
  readonly pushed: number;
  readonly skipped: number;
  /** Deleted in Shopify after they were stored: never pushed again. */
  readonly deleted: number;
  /** pending or failed and due now: the next sync-orders run pushes these. */
  readonly dueNow: number;
  /** The oldest order still waiting (pending or failed): how far behind API X is. */
  readonly oldestWaitingSince: string | null;
}

/** What a shop's orders can reach: the scope sync-orders last saw and the orders past the horizon. */
export interface OrderReach {
  readonly shop: string;
  /** Whether the app had read_all_orders when sync-orders last asked; null: never asked yet. */
  readonly readAllOrders: boolean | null;
  readonly checkedAt: string | null;
  /**
   * Open orders (not cancelled, refunded, voided, skipped or deleted) created more than 60 days
   * ago: without read_all_orders their later changes no longer reach API X.
   */
  readonly openPastHorizon: number;
}

/** Read-only queries about the orders behind `status`; `shop` null means every shop. */
export function createOperatorOrderStatus(pool: pg.Pool) {
  const pastHorizon = (shop: string): OrdersPastHorizon => createPgOrderStore(pool, shop);
  return {
    /** One row per shop with orders or a scope answer (`shops`: the backlog's). */
    async orderReach(
      shop: string | null,
      shops: readonly string[],
      horizon: Date,
    ): Promise<OrderReach[]> {
      const { rows } = await pool.query<{
        shop: string;
        read_all_orders: boolean;
        checked_at: Date;
      }>(
        `SELECT shop, read_all_orders, checked_at FROM shop_access WHERE $1::text IS NULL OR shop = $1`,
        [shop],
      );
      const checks = new Map(rows.map((r) => [r.shop, r]));
      const all = [...new Set([...shops, ...checks.keys()])].sort();
      return Promise.all(
        all.map(async (s) => {
          const check = checks.get(s);
          return {
            shop: s,
            readAllOrders: check?.read_all_orders ?? null,
            checkedAt: check?.checked_at.toISOString() ?? null,
            openPastHorizon: await pastHorizon(s).openOrdersCreatedBefore(horizon),
          };
        }),
      );
    },

    async orderBacklog(shop: string | null): Promise<OrderBacklog[]> {
      const { rows } = await pool.query<{
        shop: string;
        state: string;
        n: string;
        due: string;
        oldest: Date | null;
      }>(
        `SELECT shop, push_state AS state, count(*) AS n,
                count(*) FILTER (WHERE push_state IN ('pending', 'failed') AND next_attempt_at <= now()) AS due,
                min(created_at) FILTER (WHERE push_state IN ('pending', 'failed')) AS oldest
           FROM orders WHERE $1::text IS NULL OR shop = $1 GROUP BY shop, push_state ORDER BY shop`,
        [shop],
      );
      const byShop = new Map<
        string,
        {
          pending: number;
          failed: number;
          dead: number;
          pushed: number;
          skipped: number;
          deleted: number;
          dueNow: number;
          oldest: Date | null;
        }
      >();
      for (const r of rows) {
        const b = byShop.get(r.shop) ?? {
          pending: 0,
          failed: 0,
          dead: 0,
          pushed: 0,
          skipped: 0,
          deleted: 0,
          dueNow: 0,
          oldest: null,
        };
        if (
          r.state === 'pending' ||
          r.state === 'failed' ||
          r.state === 'dead' ||
          r.state === 'pushed' ||
          r.state === 'skipped' ||
          r.state === 'deleted'
        )
          b[r.state] = Number(r.n);
        b.dueNow += Number(r.due);
        if (r.oldest && (!b.oldest || r.oldest < b.oldest)) b.oldest = r.oldest;
        byShop.set(r.shop, b);
      }
      return [...byShop].map(([s, { oldest, ...b }]) => ({
        shop: s,
        ...b,
        oldestWaitingSince: oldest ? oldest.toISOString() : null,
      }));
    },
  };
}
