import type { Order } from '../../domain/model/order.js';
import type { OrderSink, PushOutcome } from '../../domain/ports/order-sink.js';
import { orderPushKey, reissuedPushKey, type PushTarget } from './order-push-key.js';

/** The request that decided an order's outcome, for the attempt log. */
export interface Delivery {
  readonly kind: 'create' | 'update';
  readonly idempotencyKey: string;
  readonly outcome: PushOutcome;
  /** Set when API X already held the order and this content went to it as an update. */
  readonly reconciledWith: string | null;
}

/**
 * Sends one order's current content and reconciles API X's answers about its own state instead
 * of giving up on them: "this order already exists" means API X holds some version of it (sent
 * under another key, e.g. before the database was lost), so the content goes to that reference
 * as an update (a replay when API X already has exactly this content); "key reused" means the
 * key is bound to another request, so the push is sent once more under a reissued key.
 * API X's contract has no way to read an order back, so updating is the only reconciliation.
 */
export async function deliverOrder(
  sink: OrderSink,
  shop: string,
  order: { readonly payload: Order; readonly apixReference: string | null },
  signal: AbortSignal,
): Promise<Delivery> {
  const send = async (target: PushTarget) => {
    let key = orderPushKey(shop, target, order.payload);
    const call = (k: string) =>
      target.kind === 'update'
        ? sink.updateOrder(target.reference, order.payload, k, signal)
        : sink.createOrder(order.payload, k, signal);
    let outcome = await call(key);
    if (outcome.kind === 'key-reused') {
      key = reissuedPushKey(key);
      outcome = await call(key);
    }
    return { kind: target.kind, idempotencyKey: key, outcome };
  };

  const first = await send(
    order.apixReference === null
      ? { kind: 'create' }
      : { kind: 'update', reference: order.apixReference },
  );
  if (first.outcome.kind !== 'exists' || first.kind !== 'create')
    return { ...first, reconciledWith: null };
  const reference = first.outcome.reference;
  return { ...(await send({ kind: 'update', reference })), reconciledWith: reference };
}
