/**
 * Fulfillment orders and fulfillments of the simulated shop's orders, as the 2026-10 schema
 * describes them (descriptions of `FulfillmentOrder`, `fulfillmentCreate`,
 * `fulfillmentTrackingInfoUpdate`, `fulfillmentCancel`, `FulfillmentTrackingInput`, quoted next
 * to each behaviour). Only merchant-managed locations exist here. The records are in
 * fulfillment-records.ts, the GraphQL views in fulfillment-views.ts, the mutations in
 * fulfillment-mutations.ts.
 */
import {
  FULFILLABLE_STATUSES,
  type FoPick,
  type FulfillmentBook,
  type FulfillmentOrderRecord,
  type FulfillmentRecord,
  type FulfillmentState,
  type FulfillmentStore,
} from './fulfillment-records.js';
import { gid, parseGid } from './gid.js';
import {
  moveCommitment,
  moveFulfilledUnits,
  type InventoryBook,
  type LocationRecord,
} from './inventory.js';
import type { OrderBook, OrderRecord } from './order-records.js';

export function createFulfillmentStore(deps: {
  orders: OrderBook;
  nextId: () => number;
  now: () => number;
  /** The shop's locations (shared with the inventory); the first is the default location. */
  locations?: Map<number, LocationRecord>;
  /** The inventory whose committed and on-hand quantities fulfilments move (inventory-book.ts). */
  inventory?: InventoryBook;
}): FulfillmentStore {
  const locations =
    deps.inventory?.locations ?? deps.locations ?? new Map<number, LocationRecord>();
  // Order number -> line number -> the location its units were committed at (order routing).
  const assigned = new Map<number, ReadonlyMap<number, number>>();
  const fulfillmentOrders = new Map<number, FulfillmentOrderRecord>();
  const byOrder = new Map<number, number[]>();
  const fulfillments = new Map<number, FulfillmentRecord>();
  const addLocation = (name: string): string => {
    const num = deps.nextId();
    locations.set(num, { num, name, isActive: true, createdAt: deps.now() });
    return gid('Location', num);
  };
  const first = [...locations.keys()][0];
  const defaultLocation =
    first === undefined ? addLocation('Shop location') : gid('Location', first);
  const defaultLocationNum = parseGid(defaultLocation, 'Location')!;

  const mustOrder = (id: string): OrderRecord => {
    const o = deps.orders.get(id);
    if (!o) throw new Error(`no order ${id}`);
    return o;
  };
  const newFo = (orderNum: number, locationNum: number, lines: [number, number][]) => {
    const now = deps.now();
    const fo: FulfillmentOrderRecord = {
      num: deps.nextId(),
      orderNum,
      locationNum,
      status: 'OPEN',
      lines: lines.map(([lineNum, quantity]) => ({
        num: deps.nextId(),
        lineNum,
        total: quantity,
        remaining: quantity,
      })),
      createdAt: now,
      updatedAt: now,
    };
    fulfillmentOrders.set(fo.num, fo);
    byOrder.set(orderNum, [...(byOrder.get(orderNum) ?? []), fo.num]);
    return fo;
  };
  // FulfillmentOrder: "Shopify creates fulfillment orders automatically when an order is
  // created": "order routing ... determines which locations will be responsible for fulfilling
  // the purchased items", and "one or more fulfillment orders will be created and assigned to
  // these locations". Here they appear on first use, one per location: a line at the location
  // that committed its units (`assign`), else at the default location, unless routed.
  const fosOf = (o: OrderRecord): FulfillmentOrderRecord[] => {
    if (!byOrder.has(o.num)) {
      const at = assigned.get(o.num);
      const byLocation = new Map<number, [number, number][]>();
      for (const l of o.lines) {
        const locationNum = at?.get(l.num) ?? defaultLocationNum;
        byLocation.set(locationNum, [...(byLocation.get(locationNum) ?? []), [l.num, l.quantity]]);
      }
      if (byLocation.size === 0) byLocation.set(defaultLocationNum, []);
      for (const [locationNum, lines] of byLocation) newFo(o.num, locationNum, lines);
    }
    return (byOrder.get(o.num) ?? []).map((n) => fulfillmentOrders.get(n)!);
  };
  const itemOf = (orderNum: number, lineNum: number): number | null =>
    deps.orders
      .list()
      .find((x) => x.num === orderNum)
      ?.lines.find((l) => l.num === lineNum)?.variantNum ?? null;
  /** The fulfilment's units leave (-1) or come back to (+1) its location's levels. */
  const moveUnits = (f: FulfillmentRecord, sign: 1 | -1): void => {
    if (!deps.inventory) return;
    for (const l of f.lines)
      moveFulfilledUnits(
        deps.inventory,
        itemOf(f.orderNum, l.lineNum),
        f.locationNum,
        sign * l.quantity,
        deps.now(),
      );
  };
  const settle = (fo: FulfillmentOrderRecord): void => {
    const left = fo.lines.reduce((n, l) => n + l.remaining, 0);
    const total = fo.lines.reduce((n, l) => n + l.total, 0);
    // Only a fulfillable or closed one follows its quantities: a held, scheduled or incomplete
    // one keeps its status until released (a refund does not release a hold).
    if (!FULFILLABLE_STATUSES.has(fo.status) && fo.status !== 'CLOSED') return;
    // fulfillmentCancel: "If a fulfillment order was entirely fulfilled, then it automatically
    // closes." A partly fulfilled one is being worked on.
    fo.status = left === 0 ? 'CLOSED' : left < total ? 'IN_PROGRESS' : 'OPEN';
    fo.updatedAt = deps.now();
  };
  const touchOrder = (orderNum: number): void => {
    const o = deps.orders.list().find((x) => x.num === orderNum);
    if (!o) return;
    const fos = fosOf(o);
    const left = fos.reduce((n, fo) => n + fo.lines.reduce((m, l) => m + l.remaining, 0), 0);
    const shipped = [...fulfillments.values()].some(
      (f) => f.orderNum === orderNum && f.status === 'SUCCESS',
    );
    deps.orders.edit(gid('Order', orderNum), {
      displayFulfillmentStatus:
        left === 0 && shipped ? 'FULFILLED' : shipped ? 'PARTIALLY_FULFILLED' : 'UNFULFILLED',
    });
  };
  const snapshot = (f: FulfillmentRecord): FulfillmentState => {
    const lineItems: Record<string, number> = {};
    for (const l of f.lines) {
      const key = gid('LineItem', l.lineNum);
      lineItems[key] = (lineItems[key] ?? 0) + l.quantity;
    }
    return {
      id: gid('Fulfillment', f.num),
      orderId: gid('Order', f.orderNum),
      location: locations.get(f.locationNum)?.name ?? String(f.locationNum),
      status: f.status,
      tracking: f.tracking.map((t) => ({ ...t })),
      lineItems,
      notifications: f.notifications,
      byHand: f.byHand,
    };
  };

  const record: FulfillmentStore['record'] = (
    orderNum,
    locationNum,
    picks,
    tracking,
    notify,
    byHand,
  ) => {
    const now = deps.now();
    const f: FulfillmentRecord = {
      num: deps.nextId(),
      orderNum,
      locationNum,
      status: 'SUCCESS',
      createdAt: now,
      updatedAt: now,
      tracking,
      lines: picks.map((p) => {
        p.line.remaining -= p.quantity;
        return {
          num: deps.nextId(),
          lineNum: p.line.lineNum,
          foNum: p.fo.num,
          foLineNum: p.line.num,
          quantity: p.quantity,
        };
      }),
      notifications: notify ? 1 : 0,
      byHand,
    };
    new Set(picks.map((p) => p.fo)).forEach(settle);
    fulfillments.set(f.num, f);
    moveUnits(f, -1);
    touchOrder(orderNum);
    return f;
  };

  const book: FulfillmentBook = {
    defaultLocation,
    addLocation,
    locationName: (id) => {
      const num = parseGid(id, 'Location');
      return num === null ? undefined : locations.get(num)?.name;
    },
    route(orderId, byLocation) {
      const o = mustOrder(orderId);
      if (fulfillments.size > 0 && [...fulfillments.values()].some((f) => f.orderNum === o.num))
        throw new Error('route() before anything is fulfilled');
      // The routing is checked whole before anything changes: a refused one leaves the order as it was.
      const placed = new Map<number, number>();
      const plan = byLocation.map(({ location, lineItems }) => {
        const locationNum = parseGid(location, 'Location');
        if (locationNum === null || !locations.has(locationNum))
          throw new Error(`no location ${location}`);
        const lines = lineItems.map((routed): [number, number] => {
          const id = typeof routed === 'string' ? routed : routed.lineItem;
          const line = o.lines.find((l) => gid('LineItem', l.num) === id);
          if (!line) throw new Error(`no line item ${id} in ${orderId}`);
          const left = line.quantity - (placed.get(line.num) ?? 0);
          const quantity = typeof routed === 'string' ? left : routed.quantity;
          if (quantity <= 0 || quantity > left)
            throw new Error(`${id}: ${quantity} of ${left} unplaced units routed`);
          placed.set(line.num, (placed.get(line.num) ?? 0) + quantity);
          return [line.num, quantity];
        });
        return { locationNum, lines };
      });
      const rest = o.lines.flatMap((l): [number, number][] => {
        const left = l.quantity - (placed.get(l.num) ?? 0);
        return left > 0 ? [[l.num, left]] : [];
      });
      if (rest.length > 0) plan.push({ locationNum: defaultLocationNum, lines: rest });
      const before = new Map<number, number>();
      for (const fo of fosOf(o)) for (const l of fo.lines) before.set(l.lineNum, fo.locationNum);
      for (const n of byOrder.get(o.num) ?? []) fulfillmentOrders.delete(n);
      byOrder.set(o.num, []);
      for (const { locationNum, lines } of plan) {
        // fulfillmentOrderMove: the destination must stock the item; committed units go with it.
        for (const [lineNum, quantity] of lines) {
          const from = before.get(lineNum) ?? defaultLocationNum;
          if (deps.inventory && from !== locationNum)
            moveCommitment(
              deps.inventory,
              itemOf(o.num, lineNum),
              from,
              locationNum,
              quantity,
              deps.now(),
            );
        }
        newFo(o.num, locationNum, lines);
      }
    },
    fulfilByHand(orderId, lines) {
      const o = mustOrder(orderId);
      const fos = fosOf(o).filter((fo) => FULFILLABLE_STATUSES.has(fo.status));
      const picks: FoPick[] = [];
      for (const fo of fos)
        for (const line of fo.lines) {
          const wanted = lines
            ? (lines.find((l) => l.lineItemId === gid('LineItem', line.lineNum))?.quantity ?? 0)
            : line.remaining;
          const quantity = Math.min(wanted, line.remaining);
          if (quantity > 0) picks.push({ fo, line, quantity });
        }
      if (picks.length === 0) throw new Error(`nothing left to fulfil on ${orderId}`);
      const f = record(o.num, picks[0]!.fo.locationNum, picks, [], false, true);
      return gid('Fulfillment', f.num);
    },
    refundLineItems(orderId, lines) {
      const o = mustOrder(orderId);
      let cents = 0;
      for (const { lineItemId, quantity } of lines) {
        const lineNum = parseGid(lineItemId, 'LineItem');
        const line = o.lines.find((l) => l.num === lineNum);
        if (!line) throw new Error(`no line ${lineItemId} on ${orderId}`);
        cents += line.unit.shop * quantity;
        // LineItem.nonFulfillableQuantity: "units that can't be fulfilled. For example, if items
        // have been refunded". The refunded units leave the open fulfillment orders.
        let left = quantity;
        for (const fo of fosOf(o)) {
          for (const l of fo.lines) {
            if (l.lineNum !== line.num || left === 0) continue;
            const take = Math.min(l.remaining, left);
            l.remaining -= take;
            l.total -= take;
            left -= take;
          }
          settle(fo);
        }
      }
      deps.orders.refund(orderId, (cents / 100).toFixed(2));
    },
    hold(orderId, status = 'ON_HOLD') {
      for (const fo of fosOf(mustOrder(orderId)))
        if (FULFILLABLE_STATUSES.has(fo.status)) {
          fo.status = status;
          fo.updatedAt = deps.now();
        }
    },
    release(orderId) {
      for (const fo of fosOf(mustOrder(orderId)))
        if (fo.status === 'ON_HOLD' || fo.status === 'SCHEDULED' || fo.status === 'INCOMPLETE') {
          // Back to what its quantities make it (settle leaves paused ones alone).
          fo.status = 'OPEN';
          settle(fo);
        }
    },
    statuses: (orderId) => fosOf(mustOrder(orderId)).map((fo) => fo.status),
    fulfillments: (orderId) => {
      const num = parseGid(orderId, 'Order');
      return [...fulfillments.values()].filter((f) => f.orderNum === num).map(snapshot);
    },
    remaining(orderId) {
      const out: Record<string, number> = {};
      for (const fo of fosOf(mustOrder(orderId)))
        for (const l of fo.lines) {
          const key = gid('LineItem', l.lineNum);
          out[key] = (out[key] ?? 0) + l.remaining;
        }
      return out;
    },
  };

  return {
    book,
    fulfillmentOrdersOf: fosOf,
    fulfillmentsOf: (orderNum) => [...fulfillments.values()].filter((f) => f.orderNum === orderNum),
    fulfillmentOrder: (num) => fulfillmentOrders.get(num),
    fulfillment: (num) => fulfillments.get(num),
    location: (num) => locations.get(num),
    nextId: deps.nextId,
    now: deps.now,
    touchOrder,
    record,
    assign: (orderNum, at) => {
      assigned.set(orderNum, at);
    },
    unfulfil: (f) => moveUnits(f, 1),
    reopen: (orderNum, locationNum, lines) => {
      newFo(orderNum, locationNum, lines);
    },
  };
}
