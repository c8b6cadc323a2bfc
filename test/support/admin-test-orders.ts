import { setTimeout as sleep } from 'node:timers/promises';
import { userErrorsOf, type AdminGraphql } from './admin-graphql.js';
import { ORDER_BY_ID, ORDER_CANCEL, ORDER_CREATE, ORDER_DELETE } from './scenario-documents.js';

/** A test order's content, in shop currency (the amounts are decimal strings). */
export interface TestOrderInput {
  readonly currencyCode: string;
  readonly lines: readonly {
    readonly title: string;
    readonly sku: string;
    readonly quantity: number;
    readonly unitPrice: string;
  }[];
}

/** The order writes the orders scenario makes in a shop, as a customer's checkout and staff would. */
export interface TestOrders {
  /** Creates a test order; returns its GID. */
  create(order: TestOrderInput): Promise<string>;
  /** Cancels it (no refund, no restock, no notification); returns once it reads back cancelled. */
  cancel(id: string): Promise<void>;
  /** Deletes it (cleanup). */
  remove(id: string): Promise<void>;
}

/** How long a cancellation (a job, per orderCancel's payload) may take to show. */
const CANCEL_WAIT_MS = 60_000;

/**
 * The test-order writes through Admin GraphQL (orderCreate, orderCancel, orderDelete), the same
 * against the simulator and a real development store.
 */
export function createAdminTestOrders(admin: AdminGraphql): TestOrders {
  return {
    async create(order) {
      const data = await admin(ORDER_CREATE, {
        order: {
          test: true,
          financialStatus: 'PAID',
          currency: order.currencyCode,
          lineItems: order.lines.map((l) => ({
            title: l.title,
            sku: l.sku,
            quantity: l.quantity,
            priceSet: { shopMoney: { amount: l.unitPrice, currencyCode: order.currencyCode } },
          })),
        },
      });
      const payload = data['orderCreate'] as { order?: { id?: string } | null } | null;
      const errors = userErrorsOf(payload);
      const id = payload?.order?.id;
      if (errors.length > 0 || !id) throw new Error(`orderCreate: ${JSON.stringify(errors)}`);
      return id;
    },
    async cancel(id) {
      const data = await admin(ORDER_CANCEL, { id });
      const errors = userErrorsOf(data['orderCancel'], 'orderCancelUserErrors');
      if (errors.length > 0) throw new Error(`orderCancel: ${JSON.stringify(errors)}`);
      // The cancellation runs as a job: wait until the order reads back cancelled.
      const deadline = Date.now() + CANCEL_WAIT_MS;
      for (;;) {
        const order = (await admin(ORDER_BY_ID, { id }))['order'] as {
          cancelledAt?: string | null;
        } | null;
        if (order?.cancelledAt) return;
        if (Date.now() > deadline)
          throw new Error(`${id} still not cancelled after ${CANCEL_WAIT_MS} ms`);
        await sleep(1000);
      }
    },
    async remove(id) {
      const data = await admin(ORDER_DELETE, { id });
      const errors = userErrorsOf(data['orderDelete']);
      if (errors.length > 0) throw new Error(`orderDelete ${id}: ${JSON.stringify(errors)}`);
    },
  };
}
