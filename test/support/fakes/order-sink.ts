import type { Order } from '../../../src/domain/model/order.js';
import type { OrderSink, PushOutcome } from '../../../src/domain/ports/order-sink.js';

/** The fake's stated worst-case send (OrderSink.worstCaseSendMs); its answers come at once. */
export const FAKE_WORST_CASE_SEND_MS = 60_000;

/** One request API X received: create or update (of which reference), for which order, under which key. */
export interface SinkCall {
  readonly kind: 'create' | 'update';
  readonly reference: string | null;
  readonly shopifyId: string;
  readonly idempotencyKey: string;
}

/**
 * API X as the receiver of orders, in memory: `answer` decides each reply from the request
 * (default: accepted, with a reference per order); every request is kept in `calls`.
 */
export function createFakeOrderSink(
  answer: (call: SinkCall, index: number) => PushOutcome = (call) => ({
    kind: 'accepted',
    reference: call.reference ?? `AX-${call.shopifyId.split('/').pop() ?? ''}`,
  }),
) {
  const calls: SinkCall[] = [];
  const receive = (call: SinkCall) => {
    calls.push(call);
    return Promise.resolve(answer(call, calls.length - 1));
  };
  const sink: OrderSink = {
    // A 300 s claim then leaves 240 s to wait for a slot (claimTimings), as API X's 75 s does 225 s.
    worstCaseSendMs: FAKE_WORST_CASE_SEND_MS,
    createOrder: (order: Order, idempotencyKey: string) =>
      receive({ kind: 'create', reference: null, shopifyId: order.shopifyId, idempotencyKey }),
    updateOrder: (reference: string, order: Order, idempotencyKey: string) =>
      receive({ kind: 'update', reference, shopifyId: order.shopifyId, idempotencyKey }),
  };
  return { sink, calls };
}
