import type { Address, MoneyPair, Order, OrderLineItem } from '../../domain/model/order.js';

/**
 * The order body API X takes on `POST /v1/orders` and `PUT /v1/orders/{reference}`
 * (docs/api-x.openapi.yaml, `OrderInput`).
 */
export interface ApixMoney {
  readonly amount: string;
  readonly currency: string;
}

/** Shop currency (what the books use) with the customer-facing amount beside it. */
export interface ApixMoneyPair {
  readonly shop: ApixMoney;
  readonly presentment: ApixMoney;
}

export interface ApixAddress {
  readonly name: string | null;
  readonly company: string | null;
  readonly line1: string | null;
  readonly line2: string | null;
  readonly city: string | null;
  readonly region: string | null;
  readonly postalCode: string | null;
  readonly countryCode: string | null;
  readonly phone: string | null;
}

export interface ApixOrderLine {
  readonly externalId: string;
  readonly title: string;
  readonly quantity: number;
  /** API X matches lines to its variants by SKU; null for custom items. */
  readonly sku: string | null;
  readonly shopifyVariantId: string | null;
  readonly shopifyProductId: string | null;
  readonly giftCard: boolean;
  readonly unitPrice: ApixMoneyPair;
  readonly totalDiscount: ApixMoneyPair;
}

export interface ApixOrder {
  /** The Shopify order GID: API X refuses a second order with the same one. */
  readonly externalId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly test: boolean;
  readonly currency: string;
  readonly presentmentCurrency: string;
  readonly customer: {
    readonly externalId: string;
    readonly email: string | null;
    readonly firstName: string | null;
    readonly lastName: string | null;
  } | null;
  readonly email: string | null;
  readonly shippingAddress: ApixAddress | null;
  readonly billingAddress: ApixAddress | null;
  readonly lines: readonly ApixOrderLine[];
  readonly totals: {
    readonly subtotal: ApixMoneyPair;
    readonly discounts: ApixMoneyPair;
    readonly shipping: ApixMoneyPair;
    readonly tax: ApixMoneyPair;
    readonly total: ApixMoneyPair;
  };
  readonly status: {
    /** Shopify's financial status in lower case: "paid", "partially_refunded", ... */
    readonly financial: string | null;
    readonly fulfillment: string | null;
    readonly cancelledAt: string | null;
    readonly cancelReason: string | null;
  };
  readonly refunds: readonly {
    readonly externalId: string;
    readonly createdAt: string;
    readonly total: ApixMoneyPair;
  }[];
}

function money(pair: MoneyPair): ApixMoneyPair {
  return {
    shop: { amount: pair.shop.amount, currency: pair.shop.currencyCode },
    presentment: { amount: pair.presentment.amount, currency: pair.presentment.currencyCode },
  };
}

function address(a: Address | null): ApixAddress | null {
  if (!a) return null;
  return {
    name: a.name,
    company: a.company,
    line1: a.address1,
    line2: a.address2,
    city: a.city,
    region: a.province,
    postalCode: a.zip,
    countryCode: a.countryCode?.toUpperCase() ?? null,
    phone: a.phone,
  };
}

function line(item: OrderLineItem): ApixOrderLine {
  return {
    externalId: item.shopifyId,
    title: item.title,
    quantity: item.quantity,
    sku: item.sku === null || item.sku.trim() === '' ? null : item.sku,
    shopifyVariantId: item.variantId,
    shopifyProductId: item.productId,
    giftCard: item.isGiftCard,
    unitPrice: money(item.unitPrice),
    totalDiscount: money(item.totalDiscount),
  };
}

/**
 * Maps a domain order to API X's body. Deterministic (same order → byte-identical JSON), which
 * matters: API X compares a repeated Idempotency-Key's body with the first one.
 */
export function toApixOrder(order: Order): ApixOrder {
  return {
    externalId: order.shopifyId,
    name: order.name,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    test: order.test,
    currency: order.currencyCode,
    presentmentCurrency: order.presentmentCurrencyCode,
    customer: order.customer
      ? {
          externalId: order.customer.shopifyId,
          email: order.customer.email,
          firstName: order.customer.firstName,
          lastName: order.customer.lastName,
        }
      : null,
    email: order.email ?? order.customer?.email ?? null,
    shippingAddress: address(order.shippingAddress),
    billingAddress: address(order.billingAddress),
    lines: order.lineItems.map(line),
    totals: {
      subtotal: money(order.subtotal),
      discounts: money(order.totalDiscounts),
      shipping: money(order.totalShipping),
      tax: money(order.totalTax),
      total: money(order.total),
    },
    status: {
      financial: order.financialStatus?.toLowerCase() ?? null,
      fulfillment: order.fulfillmentStatus?.toLowerCase() ?? null,
      cancelledAt: order.cancelledAt,
      cancelReason: order.cancelReason?.toLowerCase() ?? null,
    },
    // Oldest first whatever order Shopify listed them in, so the body is stable.
    refunds: [...order.refunds]
      .sort((a, b) =>
        a.createdAt === b.createdAt
          ? a.shopifyId.localeCompare(b.shopifyId)
          : a.createdAt < b.createdAt
            ? -1
            : 1,
      )
      .map((r) => ({ externalId: r.shopifyId, createdAt: r.createdAt, total: money(r.total) })),
  };
}
