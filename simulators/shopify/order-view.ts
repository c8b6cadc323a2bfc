/** An order as the Admin API shows it: totals in shop and presentment money, addresses, lines. */
import { connectionOf, type PageArgs } from './connection.js';
import { protectedField } from './app-access.js';
import type { SimContext } from './context.js';
import { gid, isoSeconds } from './gid.js';
import { productView, variantView } from './views.js';
import { orderFulfillmentFields } from './fulfillment-views.js';
import type { AddressSeed, LineRecord, Money2, OrderRecord } from './order-records.js';

export function totals(o: OrderRecord) {
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
