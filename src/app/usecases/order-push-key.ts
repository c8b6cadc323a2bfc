import { createHash } from 'node:crypto';
import type { Order } from '../../domain/model/order.js';
import { contentHash } from './content-hash.js';

/** Where a push goes: a new order, or a later version of the order API X filed under `reference`. */
export type PushTarget =
  { readonly kind: 'create' } | { readonly kind: 'update'; readonly reference: string };

/**
 * The Idempotency-Key of one push, derived from what is sent and where, never from what the
 * database remembers (a version counter restarts at 1 after the database is lost, and an old
 * backup replays old counters). Same content to the same target: same key, so API X answers a
 * repeat as a replay; different content: a different key, so it is never answered
 * `idempotency_key_reused`.
 */
export function orderPushKey(shop: string, target: PushTarget, payload: Order): string {
  const where = target.kind === 'create' ? 'create' : `update ${target.reference}`;
  return createHash('sha256')
    .update(`${shop}\n${payload.shopifyId}\n${where}\n${contentHash(payload)}`)
    .digest('hex');
}

/**
 * A second key for the same push, used once when API X says the first is bound to another
 * request (a body mapped differently by an older release, or keys from before content keys):
 * still derived from the content, so a repeat of the reissued push is a replay too.
 */
export function reissuedPushKey(key: string): string {
  return createHash('sha256').update(`${key}\nreissued`).digest('hex');
}
