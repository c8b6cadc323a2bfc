import { setTimeout as sleep } from 'node:timers/promises';
import * as assert from 'uvu/assert';
import { ORDER_BY_ID, ORDER_LISTED, SHOP_FACTS } from './scenario-documents.js';
import { SCENARIO_MARKER } from './catalog-scenario.js';
import { createAdminTestOrders, type TestOrderInput } from './admin-test-orders.js';
import type { ScenarioTarget } from './scenario-target.js';

interface ShopifyOrder {
  id: string;
  name: string;
  test: boolean;
  currencyCode: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  totalPriceSet: { shopMoney: { amount: string; currencyCode: string } };
  lineItems: {
    nodes: {
      title: string;
      quantity: number;
      sku: string | null;
      originalUnitPriceSet: { shopMoney: { amount: string; currencyCode: string } };
    }[];
  };
}

/** The parts of API X's order body (docs/api-x.openapi.yaml) the scenario compares. */
interface PushedOrder {
  externalId: string;
  name: string;
  test: boolean;
  currency: string;
  lines: {
    title: string;
    quantity: number;
    sku: string | null;
    unitPrice: { shop: { amount: string; currency: string } };
  }[];
  totals: { total: { shop: { amount: string; currency: string } } };
  status: { cancelledAt: string | null; cancelReason: string | null };
}

/** How long a real store's order search may trail a write before the scenario gives up. */
const LISTING_WAIT_MS = 120_000;

/**
 * A test order takes sync-orders' whole path: order created in the target's Shopify, `sync-orders`
 * run by the real CLI (test orders included, ORDERS_SKIP_TEST=false), delivered to API X's
 * simulator. Asserted against what Admin GraphQL says the order is, and against what was
 * ordered. The same against the simulator (test/e2e/orders-scenario.test.ts) and a development
 * store (test/live/orders.live.test.ts).
 */
export function createOrdersScenario(target: ScenarioTarget) {
  const prefix = `${SCENARIO_MARKER}${Date.now().toString(36)}`;
  let orderId: string | null = null;
  let ordered: TestOrderInput | null = null;
  const env = { ORDERS_SKIP_TEST: 'false', ORDERS_BACKFILL_DAYS: '1' };
  const orders = createAdminTestOrders(target.admin);

  async function shopifyOrder(): Promise<ShopifyOrder> {
    const order = (await target.admin(ORDER_BY_ID, { id: orderId }))[
      'order'
    ] as ShopifyOrder | null;
    assert.ok(order, `order ${orderId} readable in Shopify`);
    return order;
  }

  /** Waits until the order search lists the order as it is now (see ORDER_LISTED). */
  async function waitUntilListed(order: ShopifyOrder): Promise<void> {
    const legacyId = order.id.split('/').pop() ?? '';
    const query = `id:${legacyId} updated_at:>='${order.updatedAt}'`;
    const deadline = Date.now() + LISTING_WAIT_MS;
    for (;;) {
      const data = await target.admin(ORDER_LISTED, { query });
      if ((data['orders'] as { nodes: unknown[] }).nodes.length > 0) return;
      if (Date.now() > deadline)
        throw new Error(`${order.id} not listed by the orders search after ${LISTING_WAIT_MS} ms`);
      await sleep(1000);
    }
  }

  async function syncOrders(): Promise<void> {
    const r = await target.cli(['sync-orders'], env);
    assert.is(r.code, 0, r.stderr.slice(-3000) + r.stdout.slice(-2000));
    assert.is(r.summary?.['status'], 'succeeded');
  }

  /** What API X holds for the order: it must be exactly one order. */
  function delivered(): { versions: readonly unknown[] } {
    const matches = target.apix.orders.list().filter((o) => o.externalId === orderId);
    assert.is(matches.length, 1, `exactly one order in API X for ${orderId}`);
    return matches[0] ?? { versions: [] };
  }

  /** The body API X received equals the order as Shopify shows it, and as it was ordered. */
  function assertSameOrder(body: PushedOrder, order: ShopifyOrder): void {
    assert.is(body.externalId, order.id);
    assert.is(body.name, order.name);
    assert.is(body.test, true);
    assert.is(body.currency, order.currencyCode);
    assert.equal(
      body.lines.map((l) => [l.sku, l.title, l.quantity, Number(l.unitPrice.shop.amount)]),
      order.lineItems.nodes.map((l) => [
        l.sku,
        l.title,
        l.quantity,
        Number(l.originalUnitPriceSet.shopMoney.amount),
      ]),
      'lines as Shopify shows them',
    );
    assert.equal(
      [...body.lines.map((l) => [l.sku, l.quantity, Number(l.unitPrice.shop.amount)])].sort(),
      [...(ordered?.lines ?? []).map((l) => [l.sku, l.quantity, Number(l.unitPrice)])].sort(),
      'lines as ordered',
    );
    assert.is(Number(body.totals.total.shop.amount), Number(order.totalPriceSet.shopMoney.amount));
    assert.is(
      body.status.cancelledAt === null ? null : Date.parse(body.status.cancelledAt),
      order.cancelledAt === null ? null : Date.parse(order.cancelledAt),
    );
  }

  return {
    prefix,
    orderId: () => orderId,

    /** A test order of two lines (SKUs under the scenario's prefix) in the shop's currency. */
    async createOrder(): Promise<void> {
      const shop = (await target.admin(SHOP_FACTS))['shop'] as { currencyCode: string };
      ordered = {
        currencyCode: shop.currencyCode,
        lines: [
          {
            title: 'integration-service live verification item 1',
            sku: `${prefix}-SKU-1`,
            quantity: 2,
            unitPrice: '12.50',
          },
          {
            title: 'integration-service live verification item 2',
            sku: `${prefix}-SKU-2`,
            quantity: 1,
            unitPrice: '7.25',
          },
        ],
      };
      orderId = await orders.create(ordered);
    },

    /** sync-orders delivers it once with the right content; a rerun sends nothing again. */
    async orderArrivesOnce(): Promise<void> {
      const order = await shopifyOrder();
      await waitUntilListed(order);
      await syncOrders();
      const stored = delivered();
      assert.is(stored.versions.length, 1, 'one delivery');
      assertSameOrder(stored.versions[0] as PushedOrder, order);
      await syncOrders();
      assert.is(delivered().versions.length, 1, 'a rerun delivers nothing again');
    },

    /** Cancelled in Shopify, the order reaches API X again as a new version of the same order. */
    async cancellationArrivesAsUpdate(): Promise<void> {
      assert.ok(orderId);
      await orders.cancel(orderId ?? '');
      const order = await shopifyOrder();
      assert.ok(order.cancelledAt, 'cancelled in Shopify');
      await waitUntilListed(order);
      await syncOrders();
      const stored = delivered();
      assert.is(stored.versions.length, 2, 'the update arrived as a second version');
      const latest = stored.versions[1] as PushedOrder;
      assertSameOrder(latest, order);
      assert.is(latest.status.cancelReason, order.cancelReason?.toLowerCase() ?? null);
    },

    /** Deletes the test order (cancelled first if the scenario stopped before). Safe to call twice. */
    async cleanup(): Promise<string[]> {
      if (!orderId) return [];
      const failed: string[] = [];
      try {
        const order = (await target.admin(ORDER_BY_ID, { id: orderId }))[
          'order'
        ] as ShopifyOrder | null;
        if (order && !order.cancelledAt) await orders.cancel(orderId);
        if (order) await orders.remove(orderId);
      } catch (e) {
        failed.push(`test order ${orderId}: ${(e as Error).message}`);
      }
      return failed;
    },

    /** After the cleanup the order can no longer be read. */
    async assertOrderGone(): Promise<void> {
      const left = await target.admin(ORDER_BY_ID, { id: orderId });
      assert.is(left['order'], null, `${orderId} deleted`);
    },
  };
}
