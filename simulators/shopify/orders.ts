import { gid, parseGid } from './gid.js';
import { totals } from './order-view.js';

/** An amount in shop currency, or in shop and presentment currency when they differ. */
export type MoneySeed = string | { readonly shop: string; readonly presentment: string };

export interface AddressSeed {
  readonly name?: string | null;
  readonly company?: string | null;
  readonly address1?: string | null;
  readonly address2?: string | null;
  readonly city?: string | null;
  readonly zip?: string | null;
  readonly province?: string | null;
  readonly provinceCode?: string | null;
  readonly country?: string | null;
  readonly countryCode?: string | null;
  readonly phone?: string | null;
}

/**
 * A line item. `variantId`/`productId` are GIDs of catalogue items (they read back as null once the
 * product is deleted); leave both out for a custom item.
 */
export interface LineItemSeed {
  readonly title: string;
  readonly quantity: number;
  readonly unitPrice: MoneySeed;
  /** Total discount allocated to this line (all units). */
  readonly discount?: MoneySeed;
  readonly sku?: string | null;
  readonly variantId?: string | null;
  readonly productId?: string | null;
  readonly variantTitle?: string | null;
  readonly isGiftCard?: boolean;
}

/** Everything a test may set on an order; all optional except line items. Times: ISO string or ms. */
export interface OrderSeed {
  readonly lineItems: readonly LineItemSeed[];
  readonly name?: string;
  readonly createdAt?: string | number;
  readonly updatedAt?: string | number;
  readonly test?: boolean;
  readonly currencyCode?: string;
  readonly presentmentCurrencyCode?: string;
  readonly email?: string | null;
  readonly customer?: {
    readonly firstName?: string | null;
    readonly lastName?: string | null;
    readonly email?: string | null;
  } | null;
  readonly shippingAddress?: AddressSeed | null;
  readonly billingAddress?: AddressSeed | null;
  readonly shipping?: MoneySeed;
  readonly tax?: MoneySeed;
  readonly displayFinancialStatus?: string | null;
  readonly displayFulfillmentStatus?: string;
  readonly note?: string | null;
  readonly tags?: readonly string[];
}

export interface Money2 {
  shop: number; // cents
  presentment: number;
}

export interface LineRecord {
  num: number;
  title: string;
  quantity: number;
  unit: Money2;
  discount: Money2;
  sku: string | null;
  variantNum: number | null;
  productNum: number | null;
  variantTitle: string | null;
  isGiftCard: boolean;
}

interface RefundRecord {
  num: number;
  createdAt: number;
  amount: Money2;
}

/** One order as the simulator holds it. */
export interface OrderRecord {
  num: number;
  name: string;
  createdAt: number;
  updatedAt: number;
  test: boolean;
  currencyCode: string;
  presentmentCurrencyCode: string;
  email: string | null;
  customer: {
    num: number;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
  } | null;
  shippingAddress: (AddressSeed & { num: number }) | null;
  billingAddress: (AddressSeed & { num: number }) | null;
  lines: LineRecord[];
  shipping: Money2;
  tax: Money2;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  cancelledAt: number | null;
  cancelReason: string | null;
  refunds: RefundRecord[];
  note: string | null;
  tags: string[];
}

/** In-process control of the shop's orders (tests seed and change them; GraphQL only reads). */
export interface OrderBook {
  /** Creates one order; returns its GID. */
  create(seed: OrderSeed): string;
  /**
   * Creates `count` orders from `make(i)` (default: one line item of 10.00). Orders share the
   * clock's current time unless `make` sets `createdAt`/`updatedAt`. Returns their GIDs.
   */
  seed(count: number, make?: (i: number) => Partial<OrderSeed>): string[];
  cancel(id: string, reason?: string): void;
  /** Refunds `amount` (default: everything left); bumps updatedAt and the financial status. */
  refund(id: string, amount?: string): void;
  fulfil(id: string): void;
  /** Replaces the given fields as an order edit would; bumps updatedAt. */
  edit(id: string, changes: Partial<OrderSeed>): void;
  /** Sets updatedAt without any other change (e.g. to build ties). */
  touch(id: string, at?: string | number): void;
  get(id: string): OrderRecord | undefined;
  /** Removes the order; false when there is none. `orderDelete` also records the event. */
  remove(id: string): boolean;
  list(): OrderRecord[];
  clear(): void;
}

const cents = (amount: string): number => Math.round(Number(amount) * 100);
const money2 = (m: MoneySeed | undefined): Money2 =>
  m === undefined
    ? { shop: 0, presentment: 0 }
    : typeof m === 'string'
      ? { shop: cents(m), presentment: cents(m) }
      : { shop: cents(m.shop), presentment: cents(m.presentment) };
const seconds = (ms: number): number => Math.floor(ms / 1000) * 1000;
const toMs = (t: string | number): number => seconds(typeof t === 'number' ? t : Date.parse(t));

export function createOrderBook(options: {
  now: () => number;
  nextId: () => number;
  currencyCode: string;
  /** Called with every order created (the inventory commits its units). */
  onCreated?: (order: OrderRecord) => void;
}): OrderBook {
  const orders = new Map<number, OrderRecord>();
  let orderNumber = 1000;
  const must = (id: string): OrderRecord => {
    const num = parseGid(id, 'Order');
    const o = num === null ? undefined : orders.get(num);
    if (!o) throw new Error(`no order ${id}`);
    return o;
  };
  const address = (a: AddressSeed | null | undefined) =>
    a ? { ...a, num: options.nextId() } : null;
  const apply = (o: OrderRecord, s: Partial<OrderSeed>): void => {
    if (s.lineItems) {
      o.lines = s.lineItems.map((l) => ({
        num: options.nextId(),
        title: l.title,
        quantity: l.quantity,
        unit: money2(l.unitPrice),
        discount: money2(l.discount),
        sku: l.sku ?? null,
        variantNum: l.variantId ? parseGid(l.variantId, 'ProductVariant') : null,
        productNum: l.productId ? parseGid(l.productId, 'Product') : null,
        variantTitle: l.variantTitle ?? null,
        isGiftCard: l.isGiftCard ?? false,
      }));
    }
    if (s.name !== undefined) o.name = s.name;
    if (s.test !== undefined) o.test = s.test;
    if (s.currencyCode !== undefined) o.currencyCode = s.currencyCode;
    if (s.presentmentCurrencyCode !== undefined)
      o.presentmentCurrencyCode = s.presentmentCurrencyCode;
    if (s.email !== undefined) o.email = s.email;
    if (s.customer !== undefined) {
      o.customer = s.customer
        ? {
            num: o.customer?.num ?? options.nextId(),
            firstName: s.customer.firstName ?? null,
            lastName: s.customer.lastName ?? null,
            email: s.customer.email ?? null,
          }
        : null;
    }
    if (s.shippingAddress !== undefined) o.shippingAddress = address(s.shippingAddress);
    if (s.billingAddress !== undefined) o.billingAddress = address(s.billingAddress);
    if (s.shipping !== undefined) o.shipping = money2(s.shipping);
    if (s.tax !== undefined) o.tax = money2(s.tax);
    if (s.displayFinancialStatus !== undefined) o.displayFinancialStatus = s.displayFinancialStatus;
    if (s.displayFulfillmentStatus !== undefined)
      o.displayFulfillmentStatus = s.displayFulfillmentStatus;
    if (s.note !== undefined) o.note = s.note;
    if (s.tags !== undefined) o.tags = [...s.tags];
    if (s.createdAt !== undefined) o.createdAt = toMs(s.createdAt);
  };
  const bump = (o: OrderRecord, at?: string | number): void => {
    o.updatedAt = at === undefined ? seconds(options.now()) : toMs(at);
  };
  const book: OrderBook = {
    create(seed) {
      const now = seconds(options.now());
      const o: OrderRecord = {
        num: options.nextId(),
        name: `#${++orderNumber}`,
        createdAt: now,
        updatedAt: now,
        test: false,
        currencyCode: options.currencyCode,
        presentmentCurrencyCode: seed.currencyCode ?? options.currencyCode,
        email: null,
        customer: null,
        shippingAddress: null,
        billingAddress: null,
        lines: [],
        shipping: money2(undefined),
        tax: money2(undefined),
        displayFinancialStatus: 'PAID',
        displayFulfillmentStatus: 'UNFULFILLED',
        cancelledAt: null,
        cancelReason: null,
        refunds: [],
        note: null,
        tags: [],
      };
      apply(o, seed);
      o.updatedAt =
        seed.updatedAt !== undefined ? toMs(seed.updatedAt) : Math.max(o.createdAt, now);
      if (seed.updatedAt === undefined && seed.createdAt !== undefined) o.updatedAt = o.createdAt;
      orders.set(o.num, o);
      options.onCreated?.(o);
      return gid('Order', o.num);
    },
    seed(count, make) {
      return Array.from({ length: count }, (_, i) =>
        book.create({
          lineItems: [
            { title: `Item ${i + 1}`, quantity: 1, unitPrice: '10.00', sku: `SKU-${i + 1}` },
          ],
          ...make?.(i),
        }),
      );
    },
    cancel(id, reason = 'CUSTOMER') {
      const o = must(id);
      o.cancelledAt = seconds(options.now());
      o.cancelReason = reason;
      bump(o);
    },
    refund(id, amount) {
      const o = must(id);
      const total = totals(o).total;
      const refunded = o.refunds.reduce((n, r) => n + r.amount.shop, 0);
      const value = amount === undefined ? total.shop - refunded : cents(amount);
      const ratio = total.shop === 0 ? 1 : total.presentment / total.shop;
      o.refunds.push({
        num: options.nextId(),
        createdAt: seconds(options.now()),
        amount: { shop: value, presentment: Math.round(value * ratio) },
      });
      o.displayFinancialStatus = refunded + value >= total.shop ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
      bump(o);
    },
    fulfil(id) {
      const o = must(id);
      o.displayFulfillmentStatus = 'FULFILLED';
      bump(o);
    },
    edit(id, changes) {
      const o = must(id);
      apply(o, changes);
      bump(o, changes.updatedAt);
    },
    touch(id, at) {
      bump(must(id), at);
    },
    get(id) {
      const num = parseGid(id, 'Order');
      return num === null ? undefined : orders.get(num);
    },
    remove(id) {
      const num = parseGid(id, 'Order');
      return num !== null && orders.delete(num);
    },
    list: () => [...orders.values()],
    clear: () => orders.clear(),
  };
  return book;
}
