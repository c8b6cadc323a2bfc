/**
 * A Shopify order normalised to what API X needs. Money is kept in shop currency with the
 * presentment (customer-facing) amount beside it, because the two differ for multi-currency shops.
 */

export interface Money {
  readonly amount: string;
  readonly currencyCode: string;
}

export interface MoneyPair {
  readonly shop: Money;
  readonly presentment: Money;
}

export interface OrderLineItem {
  readonly shopifyId: string;
  readonly title: string;
  readonly quantity: number;
  readonly sku: string | null;
  /** null for custom line items and for items whose product was deleted in Shopify. */
  readonly variantId: string | null;
  readonly productId: string | null;
  readonly isGiftCard: boolean;
  readonly unitPrice: MoneyPair;
  readonly totalDiscount: MoneyPair;
}

export interface Address {
  readonly name: string | null;
  readonly company: string | null;
  readonly address1: string | null;
  readonly address2: string | null;
  readonly city: string | null;
  readonly province: string | null;
  readonly zip: string | null;
  readonly countryCode: string | null;
  readonly phone: string | null;
}

export interface Customer {
  readonly shopifyId: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
}

export interface Refund {
  readonly shopifyId: string;
  readonly createdAt: string;
  readonly total: MoneyPair;
}

export interface Order {
  readonly shopifyId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly test: boolean;
  readonly currencyCode: string;
  readonly presentmentCurrencyCode: string;
  readonly customer: Customer | null;
  readonly email: string | null;
  readonly shippingAddress: Address | null;
  readonly billingAddress: Address | null;
  readonly lineItems: readonly OrderLineItem[];
  readonly subtotal: MoneyPair;
  readonly totalDiscounts: MoneyPair;
  readonly totalShipping: MoneyPair;
  readonly totalTax: MoneyPair;
  readonly total: MoneyPair;
  readonly financialStatus: string | null;
  readonly fulfillmentStatus: string | null;
  readonly cancelledAt: string | null;
  readonly cancelReason: string | null;
  readonly refunds: readonly Refund[];
}

export type OrderPushState = 'pending' | 'pushed' | 'failed' | 'dead';

/**
 * Which protected customer data an order read asks Shopify for (ORDERS_CUSTOMER_FIELDS): `none`,
 * `contact` (customer names and email) or `full` (plus shipping and billing addresses).
 */
export type CustomerFields = 'none' | 'contact' | 'full';
