import type { SimContext } from './context.js';
import { gid } from './gid.js';
import { orderView } from './order-view.js';
import type { LineItemSeed } from './order-records.js';
import { normaliseMoney, userError, type UserError } from './user-error.js';

interface MoneyInput {
  amount: string | number;
  currencyCode: string;
}

interface OrderCreateArgs {
  order: {
    lineItems?:
      | {
          title?: string | null;
          sku?: string | null;
          quantity: number;
          variantId?: string | null;
          productId?: string | null;
          variantTitle?: string | null;
          giftCard?: boolean | null;
          priceSet?: { shopMoney: MoneyInput; presentmentMoney?: MoneyInput | null } | null;
        }[]
      | null;
    currency?: string | null;
    presentmentCurrency?: string | null;
    test?: boolean | null;
    name?: string | null;
    email?: string | null;
    note?: string | null;
    tags?: string[] | null;
    financialStatus?: string | null;
  };
}

interface OrderCancelArgs {
  orderId: string;
  reason: string;
  refundMethod?: {
    originalPaymentMethodsRefund?: boolean | null;
    storeCreditRefund?: unknown;
  } | null;
  restock: boolean;
  notifyCustomer?: boolean | null;
  staffNote?: string | null;
}

/**
 * `orderCreate` and `orderCancel` as an app sends them (the live scenarios create and cancel their
 * test order this way, and run the same code against this simulator).
 *
 * orderCreate (2026-10 schema): `currency` is "the shop-facing currency for the order. If not
 * specified, then the shop's default currency is used"; a line's `priceSet` is "the price of the
 * item before discounts have been applied in the shop currency", so a price in another currency
 * is refused (INVALID; the docs are silent on the message, the stricter reading). An order
 * without line items, or a line without a quantity of at least 1 or without a title, is refused
 * the same way. `financialStatus` "If not specified, then this will be derived through the given
 * transactions": transactions are not simulated, so the simulator's default (PAID) stands. The
 * development-store limit of five orders a minute (orderCreate description) is not enforced.
 */
export function orderCreateCancelMutations(ctx: SimContext) {
  return {
    orderCreate: (args: OrderCreateArgs) => {
      const input = args.order;
      const currency = input.currency ?? ctx.settings.currencyCode;
      const errors: UserError[] = [];
      const lines = input.lineItems ?? [];
      if (lines.length === 0)
        errors.push(userError(['order', 'lineItems'], 'Line items must be present', 'INVALID'));
      const seeds: LineItemSeed[] = lines.map((l, i) => {
        const path = ['order', 'lineItems', i];
        if (!Number.isInteger(l.quantity) || l.quantity < 1)
          errors.push(userError([...path, 'quantity'], 'Quantity must be at least 1', 'INVALID'));
        if (!l.title && !l.variantId)
          errors.push(userError([...path, 'title'], 'Title must be present', 'INVALID'));
        const shopMoney = l.priceSet?.shopMoney;
        const amount = shopMoney ? normaliseMoney(shopMoney.amount) : '0.00';
        if (shopMoney && shopMoney.currencyCode !== currency)
          errors.push(
            userError(
              [...path, 'priceSet', 'shopMoney', 'currencyCode'],
              `Currency must be the order's shop currency ${currency}`,
              'INVALID',
            ),
          );
        if (amount === null)
          errors.push(
            userError([...path, 'priceSet', 'shopMoney', 'amount'], 'Amount is invalid', 'INVALID'),
          );
        return {
          title: l.title ?? '',
          quantity: l.quantity,
          unitPrice: amount ?? '0.00',
          sku: l.sku ?? null,
          variantId: l.variantId ?? null,
          productId: l.productId ?? null,
          variantTitle: l.variantTitle ?? null,
          isGiftCard: l.giftCard ?? false,
        };
      });
      if (errors.length > 0) return { order: null, userErrors: errors };
      const id = ctx.orders.create({
        lineItems: seeds,
        currencyCode: currency,
        presentmentCurrencyCode: input.presentmentCurrency ?? currency,
        test: input.test ?? false,
        ...(input.name ? { name: input.name } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        ...(input.tags ? { tags: input.tags } : {}),
        ...(input.financialStatus ? { displayFinancialStatus: input.financialStatus } : {}),
      });
      const created = ctx.orders.get(id);
      return { order: created ? orderView(created, ctx) : null, userErrors: [] };
    },

    /**
     * orderCancel (2026-10 schema): "An order can only be cancelled if ... The order hasn't already
     * been cancelled" (INVALID otherwise; NOT_FOUND for an unknown id). A refund asked for
     * through `refundMethod` refunds what is left first. Shopify runs the cancellation as a job;
     * the simulator applies it at once and answers the job done.
     */
    orderCancel: (args: OrderCancelArgs) => {
      const fail = (field: string, message: string, code: string) => ({
        job: null,
        jobResult: null,
        orderCancelUserErrors: [userError([field], message, code)],
        userErrors: [],
      });
      const order = ctx.orders.get(args.orderId);
      if (!order) return fail('orderId', 'Order does not exist', 'NOT_FOUND');
      if (order.cancelledAt !== null)
        return fail('orderId', 'Order has already been cancelled', 'INVALID');
      if (args.refundMethod?.originalPaymentMethodsRefund) ctx.orders.refund(args.orderId);
      ctx.orders.cancel(args.orderId, args.reason);
      const jobId = gid('Job', ctx.store.nextId());
      return {
        job: { __typename: 'Job', id: jobId, done: true, query: null },
        jobResult: null,
        orderCancelUserErrors: [],
        userErrors: [],
      };
    },
  };
}
