import { gid, parseGid } from './gid.js';
import type {
  AddressSeed,
  MoneySeed,
  Money2,
  OrderBook,
  OrderRecord,
  OrderSeed,
} from './order-records.js';
import { totals } from './order-view.js';

const cents = (amount: string): number => Math.round(Number(amount) * 100);
const money2 = (m: MoneySeed | undefined): Money2 =>
  m === undefined
    ? { shop: 0, presentment: 0 }
    : typeof m === 'string'
      ? { shop: cents(m), presentment: cents(m) }
      : { shop: cents(m.shop), presentment: cents(m.presentment) };
// Order timestamps have whole seconds: the schema's DateTime is "an ISO 8601-encoded date and time
// string", its example `"2019-09-07T15:50:00Z"` (admin_2026-10), and the Admin API serves order
// stamps without fractions. So two changes within one second share an updatedAt, as the service
// must allow for (fetch-orders' settledBy).
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
