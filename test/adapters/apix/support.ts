import type { Order } from '../../../src/domain/model/order.js';
import type { Logger } from '../../../src/domain/ports/logger.js';

/** A Logger that keeps every line as JSON text, so tests can search it for a secret. */
export function createRecordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const write =
    (level: string) =>
    (a: object | string, b?: string): void => {
      lines.push(
        JSON.stringify({ level, ...(typeof a === 'string' ? { msg: a } : { ...a, msg: b }) }),
      );
    };
  const logger = {
    lines,
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: () => logger,
  };
  return logger;
}

const eur = (amount: string) => ({
  shop: { amount, currencyCode: 'EUR' },
  presentment: { amount, currencyCode: 'EUR' },
});

/** A realistic paid order with two lines (one custom), one refund; override what a test needs. */
export function sampleOrder(overrides: Partial<Order> = {}): Order {
  return {
    shopifyId: 'gid://shopify/Order/1001',
    name: '#1001',
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-21T10:00:00Z',
    test: false,
    currencyCode: 'EUR',
    presentmentCurrencyCode: 'EUR',
    customer: {
      shopifyId: 'gid://shopify/Customer/7',
      email: 'anna@example.com',
      firstName: 'Anna',
      lastName: 'Müller',
    },
    email: null,
    shippingAddress: {
      name: 'Anna Müller',
      company: null,
      address1: 'Hauptstraße 1',
      address2: null,
      city: 'Berlin',
      province: null,
      zip: '10115',
      countryCode: 'de',
      phone: null,
    },
    billingAddress: null,
    lineItems: [
      {
        shopifyId: 'gid://shopify/LineItem/1',
        title: 'Classic Chair 1',
        quantity: 2,
        sku: 'SKU-1-1',
        variantId: 'gid://shopify/ProductVariant/11',
        productId: 'gid://shopify/Product/1',
        isGiftCard: false,
        unitPrice: eur('19.99'),
        totalDiscount: eur('0.00'),
      },
      {
        shopifyId: 'gid://shopify/LineItem/2',
        title: 'Gift wrapping',
        quantity: 1,
        sku: '',
        variantId: null,
        productId: null,
        isGiftCard: false,
        unitPrice: eur('2.50'),
        totalDiscount: eur('0.00'),
      },
    ],
    subtotal: eur('42.48'),
    totalDiscounts: eur('0.00'),
    totalShipping: eur('4.90'),
    totalTax: eur('7.56'),
    total: eur('47.38'),
    financialStatus: 'PAID',
    fulfillmentStatus: 'UNFULFILLED',
    cancelledAt: null,
    cancelReason: null,
    refunds: [
      {
        shopifyId: 'gid://shopify/Refund/2',
        createdAt: '2026-11-21T09:00:00Z',
        total: eur('2.50'),
      },
      {
        shopifyId: 'gid://shopify/Refund/1',
        createdAt: '2026-11-20T12:00:00Z',
        total: eur('1.00'),
      },
    ],
    ...overrides,
  };
}
