/**
 * What the simulator holds of fulfilment (fulfillment orders, fulfilments, their tracking) and the
 * two surfaces over it: FulfillmentBook for tests in-process, FulfillmentStore for the resolvers.
 */
import type { LocationRecord } from './inventory.js';
import type { OrderRecord } from './order-records.js';

export interface FoLine {
  num: number;
  lineNum: number;
  total: number;
  remaining: number;
}

/**
 * FulfillmentOrderStatus (Admin GraphQL 2026-10). ON_HOLD: "The fulfillment process can't be
 * initiated until the hold on the fulfillment order is released." SCHEDULED: "deferred and will
 * be ready for fulfillment after the date and time specified in `fulfill_at`". INCOMPLETE: "cannot
 * be completed as requested." Only OPEN ("ready for fulfillment") and IN_PROGRESS ("being
 * processed") can be fulfilled here; the schema names no other state as fulfillable, so the
 * simulator takes the stricter reading and refuses the rest (fulfillment-mutations.ts).
 */
export type FulfillmentOrderStatus =
  'OPEN' | 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED' | 'ON_HOLD' | 'SCHEDULED' | 'INCOMPLETE';

/** The statuses a fulfilment may be created from (see FulfillmentOrderStatus). */
export const FULFILLABLE_STATUSES: ReadonlySet<FulfillmentOrderStatus> = new Set([
  'OPEN',
  'IN_PROGRESS',
]);

export interface FulfillmentOrderRecord {
  num: number;
  orderNum: number;
  locationNum: number;
  status: FulfillmentOrderStatus;
  lines: FoLine[];
  createdAt: number;
  updatedAt: number;
}

/** What a test may put a fulfillment order into and take it out of again (`FulfillmentBook.hold`). */
export type PausedStatus = 'ON_HOLD' | 'SCHEDULED' | 'INCOMPLETE';

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

/** A line item routed whole (its GID), or that many of its units. */
export type RoutedLine = string | { readonly lineItem: string; readonly quantity: number };

/** In-process control of fulfilment (tests route orders, fulfil by hand, refund lines). */
export interface FulfillmentBook {
  /** The shop's first location ("Shop location"). */
  readonly defaultLocation: string;
  addLocation(name: string): string;
  locationName(id: string): string | undefined;
  /**
   * Assigns an order's line items to locations (order routing) before anything is fulfilled:
   * one fulfillment order per location. A line named by its GID goes whole; `{ lineItem,
   * quantity }` sends that many of its units, so one line can be split over locations (as
   * fulfillmentOrderMove does with a line's quantity: the moved units get a fulfillment order at
   * the destination, the rest stay in the original one; FulfillmentOrderMovePayload, Admin
   * GraphQL 2026-07). Units not placed stay at the default location. Committed units move with
   * them.
   */
  route(
    orderId: string,
    byLocation: readonly { location: string; lineItems: readonly RoutedLine[] }[],
  ): void;
  /** A fulfilment made in the admin: the given quantities, or everything remaining. */
  fulfilByHand(orderId: string, lines?: readonly LineQuantity[]): string;
  /** A refund of line items: removes the units from what remains to fulfil, refunds their price. */
  refundLineItems(orderId: string, lines: readonly LineQuantity[]): void;
  /**
   * The order's fulfillable fulfillment orders (OPEN, IN_PROGRESS) go ON_HOLD (fulfillmentOrderHold:
   * "Applies a fulfillment hold on a fulfillment order"), or SCHEDULED / INCOMPLETE as a test needs.
   */
  hold(orderId: string, status?: PausedStatus): void;
  /**
   * The order's held, scheduled or incomplete fulfillment orders are fulfillable again
   * (fulfillmentOrderReleaseHold, or a SCHEDULED one's `fulfill_at` passing).
   */
  release(orderId: string): void;
  /** Statuses of the order's fulfillment orders, oldest first. */
  statuses(orderId: string): FulfillmentOrderStatus[];
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
  /**
   * Where an order's lines were committed (line number -> location number, commitOrderLines):
   * their fulfillment orders are assigned there. Called when the order is created.
   */
  assign(orderNum: number, at: ReadonlyMap<number, number>): void;
  /** A cancelled fulfilment's units are committed and on hand again at its location. */
  unfulfil(f: FulfillmentRecord): void;
  /** A new open fulfillment order for units given back by a cancelled fulfilment. */
  reopen(orderNum: number, locationNum: number, lines: [number, number][]): void;
}
export interface FoPick {
  readonly fo: FulfillmentOrderRecord;
  readonly line: FoLine;
  readonly quantity: number;
}
