import type pg from 'pg';
import { inTransaction } from './pool.js';

export interface OrderRow {
  readonly shop: string;
  readonly shopifyId: string;
  readonly name: string;
  readonly pushState: string;
  readonly version: number;
  readonly pushedVersion: number | null;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly apixReference: string | null;
  readonly shopifyUpdatedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PushAttemptRow {
  readonly at: string;
  readonly version: number;
  readonly kind: string;
  readonly outcome: string;
  readonly detail: string | null;
  readonly runId: string | null;
  readonly idempotencyKey: string | null;
}

/** Orders in these states can be made due again; 'pushed' and 'skipped' (test orders) cannot. */
export const RETRYABLE_STATES: readonly string[] = ['dead', 'failed', 'pending'];

/**
 * Read and repair queries over orders and order_push_attempts. An order is named by its GID
 * (`gid://shopify/Order/123`), its numeric id (`123`) or its name (`#1001`, or `1001`).
 */
export function createOperatorOrders(pool: pg.Pool) {
  async function find(
    refs: readonly string[],
    shop: string | null,
  ): Promise<Map<string, OrderRow[]>> {
    const gids = refs.map(toGid);
    const names = refs.map((r) => (r.startsWith('#') ? r : `#${r}`));
    const { rows } = await pool.query<OrderDbRow & { ref: string }>(
      `SELECT t.ref, o.* FROM unnest($1::text[], $2::text[], $3::text[]) AS t(ref, gid, name)
         JOIN orders o ON (o.shopify_id = t.gid OR o.name = t.name OR o.name = t.ref)
        WHERE $4::text IS NULL OR o.shop = $4
        ORDER BY o.shop, o.shopify_id`,
      [refs, gids, names, shop],
    );
    const out = new Map<string, OrderRow[]>(refs.map((r) => [r, []]));
    for (const r of rows) out.get(r.ref)?.push(toOrderRow(r));
    return out;
  }

  return {
    find,

    async pushHistory(shop: string, shopifyId: string): Promise<PushAttemptRow[]> {
      const { rows } = await pool.query<{
        attempted_at: Date;
        version: number;
        kind: string;
        outcome: string;
        detail: string | null;
        run_id: string | null;
        idempotency_key: string | null;
      }>(
        `SELECT attempted_at, version, kind, outcome, detail, run_id, idempotency_key FROM order_push_attempts
          WHERE shop = $1 AND shopify_id = $2 ORDER BY attempted_at, id`,
        [shop, shopifyId],
      );
      return rows.map((r) => ({
        at: r.attempted_at.toISOString(),
        version: r.version,
        kind: r.kind,
        outcome: r.outcome,
        detail: r.detail,
        runId: r.run_id === null ? null : String(r.run_id),
        idempotencyKey: r.idempotency_key,
      }));
    },

    async dead(shop: string | null): Promise<OrderRow[]> {
      const { rows } = await pool.query<OrderDbRow>(
        `SELECT * FROM orders WHERE push_state = 'dead' AND ($1::text IS NULL OR shop = $1) ORDER BY shop, shopify_updated_at, shopify_id`,
        [shop],
      );
      return rows.map(toOrderRow);
    },

    /**
     * Makes the orders due now with a fresh attempt budget; the next sync-orders run pushes them
     * (a create, or an update when API X already has an earlier version). Only rows still in a
     * retryable state change, so a run that pushed one meanwhile is not undone. Returns how many.
     */
    async retry(
      orders: readonly Pick<OrderRow, 'shop' | 'shopifyId'>[],
      by: string,
    ): Promise<number> {
      if (orders.length === 0) return 0;
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<{
          shop: string;
          shopify_id: string;
          version: number;
          was: string;
        }>(
          `UPDATE orders o SET push_state = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
             FROM unnest($1::text[], $2::text[]) AS t(shop, id),
                  LATERAL (SELECT push_state AS was FROM orders WHERE shop = t.shop AND shopify_id = t.id) before
            WHERE o.shop = t.shop AND o.shopify_id = t.id AND o.push_state = ANY($3)
            RETURNING o.shop, o.shopify_id, o.version, before.was`,
          [orders.map((o) => o.shop), orders.map((o) => o.shopifyId), RETRYABLE_STATES],
        );
        // Kept in the order's own history, beside the pushes, so `orders show` tells the whole story.
        await client.query(
          `INSERT INTO order_push_attempts (shop, shopify_id, version, kind, outcome, detail)
           SELECT s, i, v, 'manual-retry', 'requeued', d FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS t(s, i, v, d)`,
          [
            rows.map((r) => r.shop),
            rows.map((r) => r.shopify_id),
            rows.map((r) => r.version),
            rows.map((r) => `requeued by ${by} (was ${r.was})`),
          ],
        );
        return rows.length;
      });
    },
  };
}

export type OperatorOrders = ReturnType<typeof createOperatorOrders>;

function toGid(ref: string): string {
  return /^\d+$/.test(ref) ? `gid://shopify/Order/${ref}` : ref;
}

interface OrderDbRow {
  shop: string;
  shopify_id: string;
  name: string;
  push_state: string;
  version: number;
  pushed_version: number | null;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  apix_reference: string | null;
  shopify_updated_at: Date;
  created_at: Date;
  updated_at: Date;
}

function toOrderRow(r: OrderDbRow): OrderRow {
  return {
    shop: r.shop,
    shopifyId: r.shopify_id,
    name: r.name,
    pushState: r.push_state,
    version: r.version,
    pushedVersion: r.pushed_version,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at.toISOString(),
    lastError: r.last_error,
    apixReference: r.apix_reference,
    shopifyUpdatedAt: r.shopify_updated_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
