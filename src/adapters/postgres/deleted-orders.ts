import type pg from 'pg';
import type { OrderDestroyed } from '../../domain/ports/order-source.js';

/**
 * The deleted_orders table: tombstones of orders Shopify deleted, written with the deletion
 * check's marks and read when a page is stored (order-store.ts), in those callers'
 * transactions. A tombstone outlives the run that found it: the export that may still serve
 * the order can be read by a later run, after the destroy event fell behind the check's cursor.
 */

/** Keeps a tombstone of each order; one found again (the events' overlap) keeps its first. */
export async function recordTombstones(
  client: pg.ClientBase,
  shop: string,
  destroyed: readonly OrderDestroyed[],
): Promise<void> {
  if (destroyed.length === 0) return;
  await client.query(
    `INSERT INTO deleted_orders (shop, shopify_id, deleted_at)
     SELECT $1, t.id, t.at FROM unnest($2::text[], $3::timestamptz[]) AS t(id, at)
     ON CONFLICT (shop, shopify_id) DO NOTHING`,
    [shop, destroyed.map((d) => d.id), destroyed.map((d) => d.deletedAt)],
  );
}

/** Of these order ids, the ones with a tombstone. */
export async function tombstonedAmong(
  client: Pick<pg.ClientBase, 'query'>,
  shop: string,
  shopifyIds: readonly string[],
): Promise<ReadonlySet<string>> {
  if (shopifyIds.length === 0) return new Set();
  const { rows } = await client.query<{ shopify_id: string }>(
    `SELECT shopify_id FROM deleted_orders WHERE shop = $1 AND shopify_id = ANY($2::text[])`,
    [shop, [...shopifyIds]],
  );
  return new Set(rows.map((r) => r.shopify_id));
}
