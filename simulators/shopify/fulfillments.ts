import { connectionOf, type PageArgs } from './connection.js';
import type { SimContext } from './context.js';
import { gid, isoSeconds, parseGid } from './gid.js';
import type { LocationRecord } from './inventory.js';
import type { OrderBook, OrderRecord } from './orders.js';
import { userError, type UserError } from './user-error.js';

/**
 * Fulfillment orders and fulfillments of the simulated shop's orders, as the 2026-10 schema
 * describes them (descriptions of `FulfillmentOrder`, `fulfillmentCreate`,
 * `fulfillmentTrackingInfoUpdate`, `fulfillmentCancel`, `FulfillmentTrackingInput`, quoted next
 * to each behaviour). Only merchant-managed locations exist here.
 */

export type { LocationRecord } from './inventory.js';

interface FoLine {
  num: number;
  lineNum: number;
  total: number;
  remaining: number;
}

export type FulfillmentOrderStatus = 'OPEN' | 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED';

export interface FulfillmentOrderRecord {
  num: number;
  orderNum: number;
  locationNum: number;
  status: FulfillmentOrderStatus;
  lines: FoLine[];
  createdAt: number;
  updatedAt: number;
}

export interface TrackingRecord {
  company: string | null;
  number: string | null;
  url: string | null;
}

export interface FulfillmentRecord {
  num: number;
  orderNum: number;
  locationNum: number;
  status: 'SUCCESS' | 'CANCELLED';
  createdAt: number;
  updatedAt: number;
  tracking: TrackingRecord[];
  lines: { num: number; lineNum: number; foNum: number; foLineNum: number; quantity: number }[];
  /** Shipping confirmations sent to the customer (creation and tracking updates with notify). */
  notifications: number;
  /** Made in the admin by a person, not through the API. */
  byHand: boolean;
}

/** A plain snapshot for assertions. */
export interface FulfillmentState {
  readonly id: string;
  readonly orderId: string;
  readonly location: string;
  readonly status: 'SUCCESS' | 'CANCELLED';
  readonly tracking: readonly TrackingRecord[];
  /** Quantities by order line item GID. */
  readonly lineItems: Readonly<Record<string, number>>;
  readonly notifications: number;
  readonly byHand: boolean;
}

export interface LineQuantity {
  readonly lineItemId: string;
  readonly quantity: number;
}

/** In-process control of fulfilment (tests route orders, fulfil by hand, refund lines). */
export interface FulfillmentBook {
  /** The shop's first location ("Shop location"). */
  readonly defaultLocation: string;
  addLocation(name: string): string;
  locationName(id: string): string | undefined;
  /**
   * Assigns an order's line items to locations (order routing) before anything is fulfilled:
   * one fulfillment order per location. Lines not named stay at the default location.
   */
  route(orderId: string, byLocation: readonly { location: string; lineItems: string[] }[]): void;
  /** A fulfilment made in the admin: the given quantities, or everything remaining. */
  fulfilByHand(orderId: string, lines?: readonly LineQuantity[]): string;
  /** A refund of line items: removes the units from what remains to fulfil, refunds their price. */
  refundLineItems(orderId: string, lines: readonly LineQuantity[]): void;
  fulfillments(orderId: string): FulfillmentState[];
  /** Remaining quantity to fulfil by line item GID, over all open fulfillment orders. */
  remaining(orderId: string): Record<string, number>;
}

export interface FulfillmentStore {
  readonly book: FulfillmentBook;
  fulfillmentOrdersOf(order: OrderRecord): FulfillmentOrderRecord[];
  fulfillmentsOf(orderNum: number): FulfillmentRecord[];
  fulfillmentOrder(num: number): FulfillmentOrderRecord | undefined;
  fulfillment(num: number): FulfillmentRecord | undefined;
  location(num: number): LocationRecord | undefined;
  nextId(): number;
  now(): number;
  /** Recomputes the order's display status and bumps its updatedAt ("fulfilments bump updatedAt"). */
  touchOrder(orderNum: number): void;
  /** Takes the picked quantities off their fulfillment orders into a new fulfilment. */
  record(
    orderNum: number,
    locationNum: number,
    picks: readonly FoPick[],
    tracking: TrackingRecord[],
    notify: boolean,
    byHand: boolean,
  ): FulfillmentRecord;
  /** A new open fulfillment order for units given back by a cancelled fulfilment. */
  reopen(orderNum: number, locationNum: number, lines: [number, number][]): void;
}

interface FoPick {
  readonly fo: FulfillmentOrderRecord;
  readonly line: FoLine;
  readonly quantity: number;
}

export function createFulfillmentStore(deps: {
  orders: OrderBook;
  nextId: () => number;
  now: () => number;
  /** The shop's locations (shared with the inventory); the first is the default location. */
  locations?: Map<number, LocationRecord>;
}): FulfillmentStore {
  const locations = deps.locations ?? new Map<number, LocationRecord>();
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
  // created." Here they appear on first use, all lines at the default location unless routed.
  const fosOf = (o: OrderRecord): FulfillmentOrderRecord[] => {
    if (!byOrder.has(o.num))
      newFo(
        o.num,
        defaultLocationNum,
        o.lines.map((l) => [l.num, l.quantity]),
      );
    return (byOrder.get(o.num) ?? []).map((n) => fulfillmentOrders.get(n)!);
  };
  const settle = (fo: FulfillmentOrderRecord): void => {
    const left = fo.lines.reduce((n, l) => n + l.remaining, 0);
    const total = fo.lines.reduce((n, l) => n + l.total, 0);
    if (fo.status === 'CANCELLED') return;
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
      for (const n of byOrder.get(o.num) ?? []) fulfillmentOrders.delete(n);
      byOrder.set(o.num, []);
      const placed = new Set<number>();
      for (const { location, lineItems } of byLocation) {
        const locationNum = parseGid(location, 'Location');
        if (locationNum === null || !locations.has(locationNum))
          throw new Error(`no location ${location}`);
        const lines = o.lines.filter((l) => lineItems.includes(gid('LineItem', l.num)));
        lines.forEach((l) => placed.add(l.num));
        newFo(
          o.num,
          locationNum,
          lines.map((l) => [l.num, l.quantity]),
        );
      }
      const rest = o.lines.filter((l) => !placed.has(l.num));
      if (rest.length > 0)
        newFo(
          o.num,
          defaultLocationNum,
          rest.map((l) => [l.num, l.quantity]),
        );
    },
    fulfilByHand(orderId, lines) {
      const o = mustOrder(orderId);
      const fos = fosOf(o).filter((fo) => fo.status === 'OPEN' || fo.status === 'IN_PROGRESS');
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

  function record(
    orderNum: number,
    locationNum: number,
    picks: readonly FoPick[],
    tracking: TrackingRecord[],
    notify: boolean,
    byHand: boolean,
  ): FulfillmentRecord {
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
    touchOrder(orderNum);
    return f;
  }

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
    reopen: (orderNum, locationNum, lines) => {
      newFo(orderNum, locationNum, lines);
    },
  };
}

// --- GraphQL views -------------------------------------------------------------------------

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

// --- Mutations -----------------------------------------------------------------------------

interface TrackingInput {
  company?: string | null;
  number?: string | null;
  numbers?: string[] | null;
  url?: string | null;
  urls?: string[] | null;
}

function isUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * FulfillmentTrackingInput's note: "If you provide the `url` field, you should not provide the
 * `urls` field. If you provide the `number` field, you should not provide the `numbers` field.
 * If you provide the `url` field, you should provide the `number` field. If you provide the
 * `urls` field, you should provide the `numbers` field." Shopify's docs say "should"; the
 * simulator takes the stricter reading and refuses. URLs "must be an RFC 3986 ... compliant URI
 * string ... It includes a scheme (`https`) and a host".
 */
export function trackingOf(
  input: TrackingInput | null | undefined,
  at: readonly string[],
  knownCompanies: ReadonlySet<string>,
): { tracking: TrackingRecord[]; errors: UserError[] } {
  if (!input) return { tracking: [], errors: [] };
  const errors: UserError[] = [];
  const bad = (field: string, message: string) =>
    errors.push(userError([...at, field], message, null));
  if (input.url != null && input.urls != null) bad('urls', 'Provide either url or urls, not both');
  if (input.number != null && input.numbers != null)
    bad('numbers', 'Provide either number or numbers, not both');
  if (input.url != null && input.number == null) bad('url', 'A tracking url needs a number');
  if (input.urls != null && input.numbers == null) bad('urls', 'Tracking urls need numbers');
  for (const u of [input.url, ...(input.urls ?? [])])
    if (u != null && !isUrl(u)) bad('url', `Url is invalid: ${u}`);
  if (errors.length > 0) return { tracking: [], errors };
  const numbers = input.numbers ?? (input.number != null ? [input.number] : []);
  const urls = input.urls ?? (input.url != null ? [input.url] : []);
  const company = input.company ?? null;
  // FulfillmentTrackingInput.company: for a company "from the list, Shopify will automatically
  // build tracking URLs for all provided tracking numbers"; "capitalization matters". Otherwise
  // a number is clickable only with its URL ("matched ... based on their positions").
  const known = company !== null && knownCompanies.has(company);
  const tracking: TrackingRecord[] = numbers.map((number, i) => ({
    company,
    number,
    url:
      urls[i] ??
      (known ? `https://tracking.simulator.invalid/${encodeURIComponent(number)}` : null),
  }));
  if (tracking.length === 0 && company !== null)
    tracking.push({ company, number: null, url: urls[0] ?? null });
  return { tracking, errors };
}

export function fulfillmentMutations(
  store: FulfillmentStore,
  ctx: SimContext,
  knownCompanies: ReadonlySet<string>,
) {
  const payload = (f: FulfillmentRecord | null, userErrors: UserError[]) => ({
    fulfillment: f && fulfillmentView(store, f, ctx),
    userErrors,
  });
  return {
    fulfillmentCreate(args: {
      fulfillment: {
        lineItemsByFulfillmentOrder: {
          fulfillmentOrderId: string;
          fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
        }[];
        notifyCustomer?: boolean | null;
        trackingInfo?: TrackingInput | null;
      };
    }) {
      const input = args.fulfillment;
      const errors: UserError[] = [];
      const at = ['fulfillment', 'lineItemsByFulfillmentOrder'];
      const bad = (path: readonly (string | number)[], message: string) =>
        errors.push(userError([...at, ...path], message, null));
      const picks: FoPick[] = [];
      const fos: FulfillmentOrderRecord[] = [];
      input.lineItemsByFulfillmentOrder.forEach((group, i) => {
        const fo = store.fulfillmentOrder(
          parseGid(group.fulfillmentOrderId, 'FulfillmentOrder') ?? -1,
        );
        const order = fo && ctx.orders.list().find((o) => o.num === fo.orderNum);
        if (!fo || !order) {
          bad([i, 'fulfillmentOrderId'], 'Fulfillment order does not exist.');
          return;
        }
        fos.push(fo);
        // Reported for closed or cancelled fulfillment orders ("has an unfulfillable status").
        if (fo.status === 'CLOSED' || fo.status === 'CANCELLED') {
          bad(
            [i, 'fulfillmentOrderId'],
            `Fulfillment order ${group.fulfillmentOrderId} has an unfulfillable status= ${fo.status.toLowerCase()}.`,
          );
          return;
        }
        // FulfillmentOrderLineItemsInput: "If left blank, all line items of the fulfillment
        // order will be fulfilled. Accepts a maximum of 512 line items."
        const items = group.fulfillmentOrderLineItems;
        if (items && items.length > 512) {
          bad([i, 'fulfillmentOrderLineItems'], 'Too many line items (512 at most).');
          return;
        }
        const wanted =
          items ??
          fo.lines
            .filter((l) => l.remaining > 0)
            .map((l) => ({ id: gid('FulfillmentOrderLineItem', l.num), quantity: l.remaining }));
        wanted.forEach((item, j) => {
          const line = fo.lines.find((l) => gid('FulfillmentOrderLineItem', l.num) === item.id);
          if (!line) {
            bad(
              [i, 'fulfillmentOrderLineItems', j, 'id'],
              'Fulfillment order line item does not belong to the fulfillment order.',
            );
            return;
          }
          // The message Shopify answers when more than remains is asked for (reported in
          // nozzlegear/ShopifySharp#948); zero or negative is refused the same way.
          if (item.quantity < 1 || item.quantity > line.remaining) {
            bad(
              [i, 'fulfillmentOrderLineItems', j, 'quantity'],
              'Invalid fulfillment order line item quantity requested.',
            );
            return;
          }
          picks.push({ fo, line, quantity: item.quantity });
        });
      });
      // fulfillmentCreate: "The fulfillment orders are associated with the same Order and are
      // assigned to the same Location."
      if (
        new Set(fos.map((fo) => fo.orderNum)).size > 1 ||
        new Set(fos.map((fo) => fo.locationNum)).size > 1
      )
        bad(
          [],
          'All fulfillment orders must belong to the same order and be assigned to the same location.',
        );
      const tracking = trackingOf(
        input.trackingInfo,
        ['fulfillment', 'trackingInfo'],
        knownCompanies,
      );
      errors.push(...tracking.errors);
      if (errors.length === 0 && picks.length === 0) bad([], 'There are no line items to fulfill.');
      if (errors.length > 0) return payload(null, errors);
      const first = fos[0]!;
      // FulfillmentInput.notifyCustomer: "If true, then a notification is sent when the
      // fulfillment is created. The default value is false."
      const f = store.record(
        first.orderNum,
        first.locationNum,
        picks,
        tracking.tracking,
        input.notifyCustomer === true,
        false,
      );
      return payload(f, []);
    },
    fulfillmentTrackingInfoUpdate(args: {
      fulfillmentId: string;
      notifyCustomer?: boolean | null;
      trackingInfoInput: TrackingInput;
    }) {
      const f = store.fulfillment(parseGid(args.fulfillmentId, 'Fulfillment') ?? -1);
      if (!f || !ctx.orders.list().some((o) => o.num === f.orderNum))
        return payload(null, [userError(['fulfillmentId'], 'Fulfillment does not exist.', null)]);
      // Stricter reading: a cancelled fulfilment's tracking is not changed.
      if (f.status === 'CANCELLED')
        return payload(null, [userError(['fulfillmentId'], 'Fulfillment is cancelled.', null)]);
      const tracking = trackingOf(args.trackingInfoInput, ['trackingInfoInput'], knownCompanies);
      if (tracking.errors.length > 0) return payload(null, tracking.errors);
      f.tracking = tracking.tracking;
      f.updatedAt = store.now();
      // notifyCustomer: "When enabled, customers receive shipping update emails"; "If this field
      // is left blank, then notifications won't be sent" (the V2 argument's wording).
      if (args.notifyCustomer === true) f.notifications += 1;
      store.touchOrder(f.orderNum);
      return payload(f, []);
    },
    fulfillmentCancel(args: { id: string }) {
      const f = store.fulfillment(parseGid(args.id, 'Fulfillment') ?? -1);
      if (!f || !ctx.orders.list().some((o) => o.num === f.orderNum))
        return payload(null, [userError(['id'], 'Fulfillment does not exist.', null)]);
      if (f.status === 'CANCELLED')
        return payload(null, [userError(['id'], 'Fulfillment is already cancelled.', null)]);
      f.status = 'CANCELLED';
      f.updatedAt = store.now();
      // fulfillmentCancel: "If a fulfillment order was entirely fulfilled, then it automatically
      // closes. If a fulfillment order is partially fulfilled, then the remaining quantities
      // adjust to include the cancelled items. The system creates new fulfillment orders at the
      // original Location" for items of a closed one.
      const reopened = new Map<number, [number, number][]>();
      for (const l of f.lines) {
        const fo = store.fulfillmentOrder(l.foNum)!;
        const line = fo.lines.find((x) => x.num === l.foLineNum)!;
        if (fo.status === 'CLOSED') {
          reopened.set(fo.num, [...(reopened.get(fo.num) ?? []), [l.lineNum, l.quantity]]);
        } else {
          line.remaining += l.quantity;
          fo.updatedAt = store.now();
        }
      }
      for (const [foNum, lines] of reopened) {
        const fo = store.fulfillmentOrder(foNum)!;
        store.reopen(fo.orderNum, fo.locationNum, lines);
      }
      store.touchOrder(f.orderNum);
      return payload(f, []);
    },
  };
}
