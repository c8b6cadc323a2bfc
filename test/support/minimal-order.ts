import type { Order } from '../../src/domain/model/order.js';

const money = {
  shop: { amount: '1.00', currencyCode: 'EUR' },
  presentment: { amount: '1.00', currencyCode: 'EUR' },
};

/** A paid order with no lines, customer or addresses: what order-handling tests start from. */
export function minimalOrder(overrides: Partial<Order> = {}): Order {
  return {
    shopifyId: 'gid://shopify/Order/1',
    name: '#1001',
    createdAt: '2026-11-01T10:00:00Z',
    updatedAt: '2026-11-01T10:00:00Z',
    test: false,
    currencyCode: 'EUR',
    presentmentCurrencyCode: 'EUR',
    customer: null,
    email: null,
    shippingAddress: null,
    billingAddress: null,
    lineItems: [],
    subtotal: money,
    totalDiscounts: money,
    totalShipping: money,
    totalTax: money,
    total: money,
    financialStatus: 'PAID',
    fulfillmentStatus: null,
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
    ...overrides,
  };
}
