/** The orders root fields: `orders` with its search and sort keys, `ordersCount`, `orderDelete`. */
import { connectionOf, sortByKey, type PageArgs, type SortKey } from './connection.js';
import { orderReadable } from './app-access.js';
import type { SimContext } from './context.js';
import { gid, parseGid } from './gid.js';
import { searchFilter, type FieldReader } from './search-query.js';
import { userError } from './user-error.js';
import { orderView } from './order-view.js';
import type { OrderRecord } from './order-records.js';

const ORDER_FIELDS: Record<string, FieldReader<OrderRecord>> = {
  updated_at: { kind: 'date', read: (o) => o.updatedAt },
  created_at: { kind: 'date', read: (o) => o.createdAt },
  processed_at: { kind: 'date', read: (o) => o.createdAt },
  test: { kind: 'boolean', read: (o) => o.test },
  id: { kind: 'number', read: (o) => o.num },
  name: { kind: 'string', read: (o) => o.name },
  email: { kind: 'string', read: (o) => o.email },
  financial_status: { kind: 'string', read: (o) => o.displayFinancialStatus },
  fulfillment_status: { kind: 'string', read: (o) => o.displayFulfillmentStatus },
};

const ORDER_SORT: Record<string, (o: OrderRecord) => SortKey> = {
  ID: (o) => [o.num],
  UPDATED_AT: (o) => [o.updatedAt, o.num],
  CREATED_AT: (o) => [o.createdAt, o.num],
  PROCESSED_AT: (o) => [o.createdAt, o.num],
};

/** Orders this app may read (see AppAccess.readAllOrders). */
export const readable =
  (ctx: SimContext) =>
  (o: OrderRecord): boolean =>
    orderReadable(ctx.access, o.createdAt, ctx.now());

/** `orders(first, after, query, sortKey, reverse)` */
export function ordersConnection(
  ctx: SimContext,
  args: PageArgs & { query?: string | null; sortKey?: string | null },
) {
  const keyOf = ORDER_SORT[args.sortKey ?? 'ID'] ?? ORDER_SORT['ID']!;
  const filter = searchFilter(args.query, ORDER_FIELDS);
  const items = sortByKey(ctx.orders.list().filter(readable(ctx)).filter(filter), keyOf);
  return connectionOf(items, args, keyOf, (o) => orderView(o, ctx), ctx.unbounded);
}

/** `ordersCount(query, limit)`: Shopify counts up to `limit` (default 10,000; null: no limit). */
export function ordersCount(
  ctx: SimContext,
  args: { query?: string | null; limit?: number | null },
) {
  const n = ctx.orders
    .list()
    .filter(readable(ctx))
    .filter(searchFilter(args.query, ORDER_FIELDS)).length;
  const limit = args.limit === undefined ? 10_000 : args.limit;
  return limit !== null && n > limit
    ? { count: limit, precision: 'AT_LEAST' }
    : { count: n, precision: 'EXACT' };
}

/**
 * `orderDelete(orderId)` as a merchant's admin sends it: the order is gone (`order` reads null,
 * `orders` leaves it out) and a BasicEvent `destroy` with subject_type ORDER is all that is left
 * ("Permanently deletes an Order from the store ... This action is irreversible", schema
 * description of orderDelete; OrderDeleteUserErrorCode NOT_FOUND for an unknown id). Which
 * orders Shopify lets a merchant delete (help.shopify.com, "Delete an order") is not modelled:
 * every order can be deleted here, the harder case for a reader of the events.
 */
export function orderMutations(ctx: SimContext) {
  return {
    orderDelete: (args: { orderId: string }) => {
      const num = parseGid(args.orderId, 'Order');
      if (num === null || !ctx.orders.remove(args.orderId))
        return {
          deletedId: null,
          userErrors: [userError(['orderId'], 'Order does not exist', 'NOT_FOUND')],
        };
      ctx.store.deletionEvents.push({
        num: ctx.store.nextId(),
        subjectType: 'ORDER',
        subjectNum: num,
        occurredAt: ctx.now(),
      });
      return { deletedId: gid('Order', num), userErrors: [] };
    },
  };
}
