import type {
  OrderFulfilment,
  ShopifyFulfilments,
} from '../../domain/ports/shopify-fulfilments.js';

/** Orders asked for together (the adapter splits them into queries that fit its cost limit). */
export const READ_AHEAD = 8;

/** Orders' fulfilment state in Shopify, as one page of shipments needs it. */
export interface FulfilmentReads {
  /** The order's state, read with the next orders the page will need when not read yet. */
  get(orderId: string): Promise<OrderFulfilment | null>;
  /** The order was written to: the next `get` reads it again. */
  forget(orderId: string): void;
}

/**
 * Read-ahead over the orders a page of shipments will need (`upcoming`, in page order): the
 * first shipment of an order not read yet reads it together with the next READ_AHEAD - 1, so a
 * page of single shipments costs one query per READ_AHEAD orders instead of one each. Read ahead
 * a few only: a state read long before its write is more likely stale. What was written is
 * forgotten and read again when needed (Shopify, not our arithmetic, says what remains).
 */
export function createFulfilmentReads(
  shopify: ShopifyFulfilments,
  upcoming: readonly string[],
  signal: AbortSignal,
  readAhead = READ_AHEAD,
): FulfilmentReads {
  const known = new Map<string, OrderFulfilment | null>();
  const queue = [...new Set(upcoming)];
  const position = new Map(queue.map((id, i) => [id, i]));
  let next = 0;
  return {
    async get(orderId) {
      // Orders before this one in the page were read already or are not needed any more.
      next = Math.max(next, (position.get(orderId) ?? -1) + 1);
      if (known.has(orderId)) return known.get(orderId) ?? null;
      const ids = [orderId];
      for (; ids.length < readAhead && next < queue.length; next++) {
        const id = queue[next]!;
        if (!known.has(id) && id !== orderId) ids.push(id);
      }
      const read = await shopify.orderFulfilments(ids, signal);
      for (const id of ids) known.set(id, read.get(id) ?? null);
      return known.get(orderId) ?? null;
    },
    forget(orderId) {
      known.delete(orderId);
    },
  };
}
