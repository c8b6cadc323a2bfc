import { connectionOf, sortByKey, type PageArgs, type SortKey } from './connection.js';
import { orderReadable, protectedField } from './app-access.js';
import type { SimContext } from './context.js';
import { gid, isoSeconds, parseGid } from './gid.js';
import { searchFilter, type FieldReader } from './search-query.js';
import { userError } from './user-error.js';
import { productView, variantView } from './views.js';
import { orderFulfillmentFields } from './fulfillments.js';

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

interface Money2 {
  shop: number; // cents
  presentment: number;
}

interface LineRecord {
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

function totals(o: OrderRecord) {
  const sum = (f: (l: LineRecord) => Money2): Money2 =>
    o.lines.reduce(
      (acc, l) => ({ shop: acc.shop + f(l).shop, presentment: acc.presentment + f(l).presentment }),
      { shop: 0, presentment: 0 },
    );
  const original = sum((l) => ({
    shop: l.unit.shop * l.quantity,
    presentment: l.unit.presentment * l.quantity,
  }));
  const discounts = sum((l) => l.discount);
  const subtotal = {
    shop: original.shop - discounts.shop,
    presentment: original.presentment - discounts.presentment,
  };
  const total = {
    shop: subtotal.shop + o.shipping.shop + o.tax.shop,
    presentment: subtotal.presentment + o.shipping.presentment + o.tax.presentment,
  };
  const refunded = o.refunds.reduce(
    (acc, r) => ({
      shop: acc.shop + r.amount.shop,
      presentment: acc.presentment + r.amount.presentment,
    }),
    { shop: 0, presentment: 0 },
  );
  return { original, discounts, subtotal, total, refunded };
}

const amount = (c: number): string => (c / 100).toFixed(2);

function bag(o: OrderRecord, m: Money2) {
  return {
    shopMoney: { amount: amount(m.shop), currencyCode: o.currencyCode },
    presentmentMoney: { amount: amount(m.presentment), currencyCode: o.presentmentCurrencyCode },
  };
}

function addressView(a: (AddressSeed & { num: number }) | null) {
  return a
    ? { id: gid('MailingAddress', a.num), countryCodeV2: a.countryCode ?? null, ...a }
    : null;
}

export function orderView(o: OrderRecord, ctx: SimContext): Record<string, unknown> {
  const t = totals(o);
  const current = {
    shop: t.total.shop - t.refunded.shop,
    presentment: t.total.presentment - t.refunded.presentment,
  };
  return {
    __typename: 'Order',
    id: gid('Order', o.num),
    legacyResourceId: String(o.num),
    name: o.name,
    createdAt: isoSeconds(o.createdAt),
    updatedAt: isoSeconds(o.updatedAt),
    processedAt: isoSeconds(o.createdAt),
    cancelledAt: o.cancelledAt === null ? null : isoSeconds(o.cancelledAt),
    cancelReason: o.cancelReason,
    closedAt: null,
    test: o.test,
    currencyCode: o.currencyCode,
    presentmentCurrencyCode: o.presentmentCurrencyCode,
    email: protectedField(ctx.access, ctx.unbounded, 'Order.email', o.email),
    phone: null,
    note: o.note,
    tags: o.tags,
    sourceName: 'web',
    displayFinancialStatus: o.displayFinancialStatus,
    displayFulfillmentStatus: o.displayFulfillmentStatus,
    ...orderFulfillmentFields(ctx.fulfillments, o, ctx),
    customer: protectedField(
      ctx.access,
      ctx.unbounded,
      'Customer',
      o.customer && {
        id: gid('Customer', o.customer.num),
        firstName: o.customer.firstName,
        lastName: o.customer.lastName,
        displayName: [o.customer.firstName, o.customer.lastName].filter(Boolean).join(' '),
        email: o.customer.email,
        defaultEmailAddress: o.customer.email
          ? { emailAddress: o.customer.email, marketingState: 'NOT_SUBSCRIBED', validFormat: true }
          : null,
      },
    ),
    shippingAddress: protectedField(
      ctx.access,
      ctx.unbounded,
      'MailingAddress',
      addressView(o.shippingAddress),
    ),
    billingAddress: protectedField(
      ctx.access,
      ctx.unbounded,
      'MailingAddress',
      addressView(o.billingAddress),
    ),
    subtotalPriceSet: bag(o, t.subtotal),
    currentSubtotalPriceSet: bag(o, t.subtotal),
    totalPriceSet: bag(o, t.total),
    originalTotalPriceSet: bag(o, t.total),
    currentTotalPriceSet: bag(o, current),
    totalDiscountsSet: bag(o, t.discounts),
    currentTotalDiscountsSet: bag(o, t.discounts),
    totalShippingPriceSet: bag(o, o.shipping),
    currentShippingPriceSet: bag(o, o.shipping),
    totalTaxSet: bag(o, o.tax),
    currentTotalTaxSet: bag(o, o.tax),
    totalRefundedSet: bag(o, t.refunded),
    refunds: (args: { first?: number | null }) =>
      o.refunds.slice(0, args.first ?? undefined).map((r) => ({
        id: gid('Refund', r.num),
        createdAt: isoSeconds(r.createdAt),
        processedAt: isoSeconds(r.createdAt),
        updatedAt: isoSeconds(r.createdAt),
        totalRefundedSet: bag(o, r.amount),
      })),
    lineItems: (args: PageArgs) =>
      connectionOf(
        o.lines.map((l, i) => ({ l, i })),
        args,
        (x) => [x.i],
        ({ l }) => {
          const variant = l.variantNum === null ? undefined : ctx.store.variants.get(l.variantNum);
          const productNum = l.productNum ?? variant?.productNum ?? null;
          const product = productNum === null ? undefined : ctx.store.products.get(productNum);
          const lineTotal = {
            shop: l.unit.shop * l.quantity,
            presentment: l.unit.presentment * l.quantity,
          };
          const discounted = {
            shop: lineTotal.shop - l.discount.shop,
            presentment: lineTotal.presentment - l.discount.presentment,
          };
          const unitAfter = {
            shop: Math.round(discounted.shop / Math.max(1, l.quantity)),
            presentment: Math.round(discounted.presentment / Math.max(1, l.quantity)),
          };
          return {
            id: gid('LineItem', l.num),
            title: l.title,
            name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
            quantity: l.quantity,
            sku: l.sku,
            variantTitle: l.variantTitle,
            isGiftCard: l.isGiftCard,
            variant: variant ? variantView(variant, ctx) : null,
            product: product ? productView(product, ctx) : null,
            originalUnitPriceSet: bag(o, l.unit),
            discountedUnitPriceSet: bag(o, l.unit),
            discountedUnitPriceAfterAllDiscountsSet: bag(o, unitAfter),
            originalTotalSet: bag(o, lineTotal),
            discountedTotalSet: bag(o, discounted),
            totalDiscountSet: bag(o, l.discount),
            discountAllocations: l.discount.shop
              ? [{ allocatedAmountSet: bag(o, l.discount) }]
              : [],
          };
        },
        ctx.unbounded,
      ),
  };
}

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
