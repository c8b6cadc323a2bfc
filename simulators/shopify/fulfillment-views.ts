/** GraphQL views of fulfillment orders and fulfilments (2026-10 schema). */
import { connectionOf, type PageArgs } from './connection.js';
import type { SimContext } from './context.js';
import type {
  FulfillmentOrderRecord,
  FulfillmentRecord,
  FulfillmentStore,
} from './fulfillment-records.js';
import { gid, isoSeconds } from './gid.js';
import type { OrderRecord } from './order-records.js';

function locationView(store: FulfillmentStore, num: number) {
  const l = store.location(num);
  return l ? { id: gid('Location', l.num), name: l.name, isActive: true } : null;
}

export function fulfillmentView(store: FulfillmentStore, f: FulfillmentRecord, ctx: SimContext) {
  return {
    __typename: 'Fulfillment',
    id: gid('Fulfillment', f.num),
    legacyResourceId: String(f.num),
    name: `#F${f.num}`,
    status: f.status,
    displayStatus: f.status === 'CANCELLED' ? 'CANCELED' : 'FULFILLED',
    createdAt: isoSeconds(f.createdAt),
    updatedAt: isoSeconds(f.updatedAt),
    totalQuantity: f.lines.reduce((n, l) => n + l.quantity, 0),
    requiresShipping: true,
    location: locationView(store, f.locationNum),
    trackingInfo: (args: { first?: number | null }) => f.tracking.slice(0, args.first ?? undefined),
    fulfillmentLineItems: (args: PageArgs) =>
      connectionOf(
        f.lines,
        args,
        (l) => [l.num],
        (l) => ({
          id: gid('FulfillmentLineItem', l.num),
          quantity: l.quantity,
          lineItem: { id: gid('LineItem', l.lineNum) },
        }),
        ctx.unbounded,
      ),
  };
}

function fulfillmentOrderView(
  store: FulfillmentStore,
  fo: FulfillmentOrderRecord,
  ctx: SimContext,
) {
  const location = store.location(fo.locationNum);
  const order = ctx.orders.list().find((o) => o.num === fo.orderNum);
  // FulfillmentOrderLineItem.inventoryItemId: "The ID of the inventory item" (one per variant
  // here, numbered as the variant); null for a line without a variant (a custom item).
  const itemOf = (lineNum: number): string | null => {
    const variantNum = order?.lines.find((l) => l.num === lineNum)?.variantNum ?? null;
    return variantNum === null ? null : gid('InventoryItem', variantNum);
  };
  return {
    __typename: 'FulfillmentOrder',
    id: gid('FulfillmentOrder', fo.num),
    orderId: gid('Order', fo.orderNum),
    status: fo.status,
    requestStatus: 'UNSUBMITTED',
    createdAt: isoSeconds(fo.createdAt),
    updatedAt: isoSeconds(fo.updatedAt),
    assignedLocation: {
      name: location?.name ?? '',
      countryCode: 'DE',
      location: locationView(store, fo.locationNum),
    },
    lineItems: (args: PageArgs) =>
      connectionOf(
        fo.lines,
        args,
        (l) => [l.num],
        (l) => ({
          id: gid('FulfillmentOrderLineItem', l.num),
          totalQuantity: l.total,
          remainingQuantity: l.remaining,
          lineItem: { id: gid('LineItem', l.lineNum) },
          inventoryItemId: itemOf(l.lineNum),
        }),
        ctx.unbounded,
      ),
  };
}

/**
 * `node(id:)` / `nodes(ids:)` for fulfillment orders and fulfilments (both implement Node), the
 * way a nested connection of theirs is paged (shopify.dev/docs/api/usage/pagination-graphql).
 * undefined: not a fulfilment type.
 */
export function fulfillmentNode(
  store: FulfillmentStore,
  ctx: SimContext,
  type: string,
  num: number,
): unknown {
  if (type === 'FulfillmentOrder') {
    const fo = store.fulfillmentOrder(num);
    return fo ? fulfillmentOrderView(store, fo, ctx) : null;
  }
  if (type === 'Fulfillment') {
    const f = store.fulfillment(num);
    return f ? fulfillmentView(store, f, ctx) : null;
  }
  return undefined;
}

/** The fields fulfilment adds to an Order view. */
export function orderFulfillmentFields(store: FulfillmentStore, o: OrderRecord, ctx: SimContext) {
  return {
    fulfillmentOrders: (args: PageArgs) =>
      connectionOf(
        store.fulfillmentOrdersOf(o),
        args,
        (fo) => [fo.num],
        (fo) => fulfillmentOrderView(store, fo, ctx),
        ctx.unbounded,
      ),
    // Order.fulfillments(first): "A list of shipments for the order."
    fulfillments: (args: { first?: number | null }) =>
      store
        .fulfillmentsOf(o.num)
        .slice(0, args.first ?? undefined)
        .map((f) => fulfillmentView(store, f, ctx)),
  };
}
