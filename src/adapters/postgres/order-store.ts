import type pg from 'pg';
import type { Order } from '../../domain/model/order.js';
import type { DeliveryBacklog } from '../../domain/ports/delivery-backlog.js';
import type { OrderDeletions } from '../../domain/ports/order-deletions.js';
import type { OrderIntake, StorePageResult } from '../../domain/ports/order-intake.js';
import type { OrderOutbox } from '../../domain/ports/order-outbox.js';
import type { OrdersPastHorizon } from '../../domain/ports/orders-past-horizon.js';
import { recordTombstones, tombstonedAmong } from './deleted-orders.js';
import { inTransaction } from './pool.js';
import { toStorableText } from '../../domain/storable-text.js';
import { storableCopyJsonb, toJsonb } from './run-records.js';
import { moveCursorForward, readCursor } from './sync-cursors.js';

/**
 * The stored side of the quiet-run check: orders changed since the window's start. Runs every
 * five minutes; the index orders_by_updated holds exactly its predicate.
 */
export const STORED_WINDOW_SQL = `SELECT count(*) AS n, max(shopify_updated_at) AS newest FROM orders
  WHERE shop = $1 AND shopify_updated_at >= $2 AND push_state <> 'deleted'`;

/**
 * The push's claim: the oldest due orders, locked past other pushers (FOR UPDATE SKIP LOCKED).
 * It runs every few dozen pushes all through a run; the index orders_claim_order holds exactly
 * its candidates in its order, so it never walks past the orders already pushed. A module
 * constant so its plan test EXPLAINs the same text.
 */
export const CLAIM_DUE_SQL = `UPDATE orders o SET
   next_attempt_at = now() + make_interval(secs => $3),
   inflight_version = o.version,
   inflight_payload = o.normalized
  WHERE (o.shop, o.shopify_id) IN (
    SELECT shop, shopify_id FROM orders
     WHERE shop = $1 AND push_state IN ('pending', 'failed') AND next_attempt_at <= now()
     ORDER BY shopify_updated_at, shopify_id
     LIMIT $2 FOR UPDATE SKIP LOCKED)
  RETURNING o.shopify_id, o.name, o.version, o.inflight_version, o.inflight_payload, o.apix_reference, o.attempts, o.shopify_updated_at`;

/**
 * A page's JSON documents as one jsonb array (one text parameter), split back in SQL by
 * position. As a jsonb[] parameter, node-postgres escaped every quote and backslash of every
 * document into an array literal: 40-80 ms of one blocked event loop per page of 250 orders on
 * a busy 2-core machine, while the push's responses waited behind it (issue 19).
 */
function jsonbArray(values: readonly unknown[], json: (value: unknown) => string): string {
  return `[${values.map(json).join(',')}]`;
}

/** A page's counts: of `kept` orders (the page less its tombstoned ones) so many new, so many changed. */
function pageResult(
  pageLength: number,
  kept: number,
  inserted: number,
  changed: number,
): StorePageResult {
  const deleted = pageLength - kept;
  return {
    inserted,
    changed,
    unchanged: kept - inserted - changed,
    ...(deleted > 0 ? { deleted } : {}),
  };
}

/**
 * The orders outbox (orders, order_push_attempts, sync_cursors) of one shop: one object behind
 * the small ports its callers name, since they share the tables and their transactions.
 */
export function createPgOrderStore(
  pool: pg.Pool,
  shop: string,
): OrderIntake & OrdersPastHorizon & OrderDeletions & OrderOutbox & DeliveryBacklog {
  return {
    async cursor(stream) {
      return readCursor(pool, shop, stream);
    },

    async storePage(page, stream, cursor) {
      return inTransaction(pool, async (client) => {
        // Orders Shopify deleted (a tombstone) are left out, though an export captured before
        // the deletion served them: not stored, never pushed (deleted-orders.ts).
        const gone = await tombstonedAmong(
          client,
          shop,
          page.map((o) => o.order.shopifyId),
        );
        const orders = page.filter((o) => !gone.has(o.order.shopifyId));
        let inserted = 0;
        let changed = 0;
        if (orders.length > 0) {
          // Re-reads from the overlap window are no-ops (same hash); an older copy never replaces
          // a newer one; a changed order that API X already has goes back to 'pending' as an update.
          const { rows } = await client.query<{ inserted: boolean; changed: boolean }>(
            `INSERT INTO orders AS o (shop, shopify_id, name, shopify_updated_at, shopify_created_at, normalized, raw, payload_hash, push_state)
             SELECT $1, t.id, t.name, t.updated::timestamptz, t.created::timestamptz, t.normalized, t.raw, t.hash, CASE WHEN t.push THEN 'pending' ELSE 'skipped' END
               FROM unnest($2::text[], $3::text[], $4::text[], $9::text[],
                           ARRAY(SELECT e FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n),
                           ARRAY(SELECT e FROM jsonb_array_elements($6::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n),
                           $7::text[], $8::boolean[])
                 AS t(id, name, updated, created, normalized, raw, hash, push)
             ON CONFLICT (shop, shopify_id) DO UPDATE SET
               name = EXCLUDED.name,
               shopify_updated_at = EXCLUDED.shopify_updated_at,
               shopify_created_at = EXCLUDED.shopify_created_at,
               normalized = EXCLUDED.normalized,
               raw = EXCLUDED.raw,
               payload_hash = EXCLUDED.payload_hash,
               version = o.version + 1,
               push_state = CASE WHEN o.push_state = 'pushed' THEN 'pending' ELSE o.push_state END,
               next_attempt_at = CASE WHEN o.push_state = 'pushed' THEN now() ELSE o.next_attempt_at END,
               updated_at = now()
             WHERE o.payload_hash <> EXCLUDED.payload_hash AND o.shopify_updated_at <= EXCLUDED.shopify_updated_at
               AND o.push_state <> 'deleted'
             RETURNING (xmax = 0) AS inserted, (xmax <> 0) AS changed`,
            [
              shop,
              orders.map((o) => o.order.shopifyId),
              orders.map((o) => o.order.name),
              orders.map((o) => o.order.updatedAt),
              // The parsed order holds only storable text (parse-shopify-order.ts); Shopify's
              // document, kept for people, may not: one lone surrogate or NUL in it would make
              // jsonb refuse the whole page, so its copy shows them as U+FFFD.
              jsonbArray(
                orders.map((o) => o.order),
                toJsonb,
              ),
              jsonbArray(
                orders.map((o) => o.raw),
                storableCopyJsonb,
              ),
              orders.map((o) => o.payloadHash),
              orders.map((o) => o.push),
              orders.map((o) => o.order.createdAt),
            ],
          );
          inserted = rows.filter((r) => r.inserted).length;
          changed = rows.filter((r) => r.changed).length;
        }
        if (cursor !== null) await moveCursorForward(client, shop, stream, cursor);
        return pageResult(page.length, orders.length, inserted, changed);
      });
    },

    async markDeleted(destroyed, stream, cursor) {
      return inTransaction(pool, async (client) => {
        await recordTombstones(client, shop, destroyed);
        // `was` reads the row as it stood before this statement: the state it leaves.
        const { rows } = await client.query<{
          shopify_id: string;
          name: string;
          apix_reference: string | null;
          pushed_version: number | null;
          was: string;
          was_inflight: number | null;
        }>(
          `UPDATE orders o SET push_state = 'deleted', last_error = 'deleted in Shopify',
                  inflight_version = NULL, inflight_payload = NULL, updated_at = now()
             FROM orders was
            WHERE o.shop = $1 AND o.shopify_id = ANY($2::text[]) AND o.push_state <> 'deleted'
              AND was.shop = o.shop AND was.shopify_id = o.shopify_id
            RETURNING o.shopify_id, o.name, o.apix_reference, o.pushed_version, was.push_state AS was,
                      was.inflight_version AS was_inflight`,
          [shop, destroyed.map((d) => d.id)],
        );
        await moveCursorForward(client, shop, stream, cursor);
        return rows.map((r) => ({
          shopifyId: r.shopify_id,
          name: r.name,
          apixReference: r.apix_reference,
          pushedVersion: r.pushed_version,
          previousState: r.was,
          inflightVersion: r.was_inflight,
        }));
      });
    },

    async storedSince(stamps) {
      if (stamps.length === 0) return new Set<string>();
      const { rows } = await pool.query<{ shopify_id: string }>(
        `SELECT o.shopify_id FROM orders o
           JOIN unnest($2::text[], $3::timestamptz[]) AS t(id, at) ON o.shopify_id = t.id
          WHERE o.shop = $1 AND o.shopify_updated_at >= t.at`,
        [shop, stamps.map((s) => s.id), stamps.map((s) => s.updatedAt)],
      );
      return new Set(rows.map((r) => r.shopify_id));
    },

    async storedWindow(since) {
      // Deleted orders are out: Shopify's reads leave them out too. Anything else stored that
      // Shopify would not serve (an order past the 60-day horizon) makes the counts differ, and
      // the window is then read: the safe side.
      const { rows } = await pool.query<{ n: string; newest: Date | null }>(STORED_WINDOW_SQL, [
        shop,
        since,
      ]);
      const newest = rows[0]?.newest ?? null;
      return { count: Number(rows[0]?.n ?? 0), newestUpdatedAt: newest?.toISOString() ?? null };
    },

    async openOrdersCreatedBefore(at) {
      // The predicate is the partial index orders_open_by_created's, word for word, so the count
      // reads that index (open orders only) instead of every order's JSON.
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM orders
          WHERE shop = $1 AND shopify_created_at < $2
            AND push_state NOT IN ('skipped', 'deleted')
            AND normalized->>'cancelledAt' IS NULL
            AND coalesce(normalized->>'financialStatus', '') NOT IN ('REFUNDED', 'VOIDED')`,
        [shop, at],
      );
      return Number(rows[0]?.n ?? 0);
    },

    async previewPage(page) {
      // As storePage counts: an order with a tombstone would be left out, counted deleted.
      const ids = page.map((o) => o.order.shopifyId);
      const gone = await tombstonedAmong(pool, shop, ids);
      const orders = page.filter((o) => !gone.has(o.order.shopifyId));
      const { rows } = await pool.query<{ shopify_id: string; payload_hash: string }>(
        `SELECT shopify_id, payload_hash FROM orders WHERE shop = $1 AND shopify_id = ANY($2)`,
        [shop, ids],
      );
      const known = new Map(rows.map((r) => [r.shopify_id, r.payload_hash]));
      let inserted = 0;
      let changed = 0;
      for (const o of orders) {
        const hash = known.get(o.order.shopifyId);
        if (hash === undefined) inserted++;
        else if (hash !== o.payloadHash) changed++;
      }
      return pageResult(page.length, orders.length, inserted, changed);
    },

    async claimDue(limit, claimSeconds) {
      // The claim pushes next_attempt_at forward: a pusher that dies mid-send leaves the order to
      // be retried after the claim expires. Each claim sends the newest content: keys follow the
      // content, so a retry of content API X already got is a replay, and a newer version is
      // never held back behind an older one (nor sent after it, as a frozen old body would be
      // after a restore from backup).
      const { rows } = await pool.query<ClaimRow>(CLAIM_DUE_SQL, [shop, limit, claimSeconds]);
      return rows
        .sort((a, b) => a.shopify_updated_at.getTime() - b.shopify_updated_at.getTime())
        .map((r) => ({
          shopifyId: r.shopify_id,
          name: r.name,
          version: r.version,
          inflightVersion: r.inflight_version,
          // Written by this service from a validated Order.
          payload: r.inflight_payload as Order,
          apixReference: r.apix_reference,
          attempts: r.attempts,
        }));
    },

    async recordAttempts(attempts) {
      if (attempts.length === 0) return;
      // One statement, so one transaction: each attempt is logged and its order moved on
      // together, for every push that finished while the last write ran (group commit).
      // Outcomes not yet written when the process dies are sent again after the claim expires,
      // under the same content-derived key: API X answers them as replays.
      // `next` is accepted (pushed, or pending again when a newer version was stored meanwhile),
      // retry (failed, due at next_at; the in-flight version stays, as the key API X may have
      // seen derives from it) or dead (logged as rejected).
      // An accepted send records the version it carried (t.version), not the order's current
      // inflight_version: after an expired claim the order may be in flight again with a newer
      // version, which this older answer must not mark pushed.
      await pool.query(
        `WITH t AS (
    SELECT * FROM unnest($2::text[], $3::integer[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])
      AS t(id, version, run_id, kind, key, next, detail, reference, next_at)
  ), logged AS (
    INSERT INTO order_push_attempts (shop, shopify_id, version, run_id, kind, idempotency_key, outcome, detail)
    SELECT $1, id, version, run_id, kind, key, CASE WHEN next = 'dead' THEN 'rejected' ELSE next END, detail FROM t
  )
  UPDATE orders o SET
    apix_reference = CASE WHEN t.next = 'accepted' THEN t.reference ELSE o.apix_reference END,
    pushed_version = CASE WHEN t.next = 'accepted' THEN t.version ELSE o.pushed_version END,
    attempts = CASE WHEN t.next = 'accepted' THEN 0 ELSE o.attempts + 1 END,
    last_error = CASE WHEN t.next = 'accepted' THEN NULL ELSE t.detail END,
    push_state = CASE t.next
      WHEN 'accepted' THEN CASE WHEN o.version > t.version THEN 'pending' ELSE 'pushed' END
      WHEN 'retry' THEN 'failed' ELSE 'dead' END,
    next_attempt_at = CASE t.next WHEN 'accepted' THEN now() WHEN 'retry' THEN t.next_at ELSE o.next_attempt_at END,
    inflight_version = CASE WHEN t.next = 'retry' THEN o.inflight_version END,
    inflight_payload = CASE WHEN t.next = 'retry' THEN o.inflight_payload END,
    updated_at = now()
  FROM t WHERE o.shop = $1 AND o.shopify_id = t.id`,
        [
          shop,
          attempts.map((a) => a.order.shopifyId),
          attempts.map((a) => a.order.inflightVersion),
          attempts.map((a) => a.attempt.runId),
          attempts.map((a) => a.attempt.kind),
          attempts.map((a) => a.attempt.idempotencyKey),
          attempts.map((a) => a.outcome.kind),
          // API X's words (its message, field errors) are quoted in a reason: one NUL in them
          // would refuse every outcome of the batch, so they are kept as storable text.
          attempts.map((a) =>
            a.outcome.kind === 'accepted'
              ? `reference ${a.outcome.reference}`
              : toStorableText(a.outcome.reason),
          ),
          attempts.map((a) => (a.outcome.kind === 'accepted' ? a.outcome.reference : null)),
          attempts.map((a) => (a.outcome.kind === 'retry' ? a.outcome.nextAttemptAt : null)),
        ],
      );
    },

    async countDue() {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM orders WHERE shop = $1 AND push_state IN ('pending', 'failed') AND next_attempt_at <= now()`,
        [shop],
      );
      return Number(rows[0]?.n ?? 0);
    },

    async oldestUndeliveredSince() {
      // shopify_updated_at is when the change to deliver happened: for a new order its creation,
      // for a changed one the change (a pushed order changed again goes back to pending).
      const { rows } = await pool.query<{ since: Date | null }>(
        `SELECT min(shopify_updated_at) AS since FROM orders WHERE shop = $1 AND push_state IN ('pending', 'failed')`,
        [shop],
      );
      return rows[0]?.since ?? null;
    },

    async backlog() {
      const { rows } = await pool.query<{ push_state: string; n: string }>(
        `SELECT push_state, count(*) AS n FROM orders WHERE shop = $1 GROUP BY push_state`,
        [shop],
      );
      const out = { pending: 0, failed: 0, dead: 0, pushed: 0, skipped: 0, deleted: 0 };
      for (const r of rows)
        if (r.push_state in out) out[r.push_state as keyof typeof out] = Number(r.n);
      return out;
    },
  };
}

interface ClaimRow {
  shopify_id: string;
  name: string;
  version: number;
  inflight_version: number;
  inflight_payload: unknown;
  apix_reference: string | null;
  attempts: number;
  shopify_updated_at: Date;
}
