import type { Order } from '../../../src/domain/model/order.js';
import type { RecordError } from '../../../src/domain/model/record-error.js';
import type {
  KnownOrders,
  OrderDestroyed,
  OrderPage,
  OrderSource,
  UnchangedWindow,
  WindowSummary,
} from '../../../src/domain/ports/order-source.js';

/** A page of well-formed orders (each its own raw), plus malformed ones, as Shopify's adapter yields it. */
export function pageOf(
  orders: readonly Order[],
  malformed: readonly RecordError[] = [],
): OrderPage {
  const stamps = [...orders.map((o) => o.updatedAt)];
  return {
    orders: [
      ...orders.map((order) => ({
        ok: true as const,
        value: { order, raw: { id: order.shopifyId } },
      })),
      ...malformed.map((error) => ({ ok: false as const, error })),
    ],
    maxUpdatedAt:
      stamps.length === 0 ? null : new Date(Math.max(...stamps.map(Date.parse))).toISOString(),
  };
}

/**
 * Shopify as a source of orders, in memory: serves the given pages' orders updated since `since` (only the orders `known` does
 * not vouch for, the way the adapter's cheap first read does; all of an adopted export's page),
 * or one empty page when `unchanged` vouches for the window's summary. Keeps every `since` it
 * was asked for.
 */
export function createFakeOrderSource(content: {
  pages?: readonly OrderPage[];
  /** Destroy events; an id alone is an order deleted at the start of the window asked for. */
  deleted?: readonly (string | OrderDestroyed)[];
  readsAllOrders?: boolean;
}) {
  const asked = { ordersSince: [] as string[], deletedSince: [] as string[], scope: 0 };
  const pages = content.pages ?? [];
  const summary = (since: string): WindowSummary => {
    const stamps = pages
      .flatMap((p) => p.orders.flatMap((o) => (o.ok ? [o.value.order.updatedAt] : [])))
      .filter((at) => Date.parse(at) >= Date.parse(since));
    return {
      count: stamps.length,
      newestUpdatedAt:
        stamps.length === 0 ? null : new Date(Math.max(...stamps.map(Date.parse))).toISOString(),
    };
  };
  const source: OrderSource = {
    async *ordersUpdatedSince(
      since: string,
      _signal?: AbortSignal,
      known?: KnownOrders,
      unchanged?: UnchangedWindow,
    ) {
      asked.ordersSince.push(since);
      const all = summary(since);
      if (unchanged !== undefined && (await unchanged(all))) {
        yield { orders: [], maxUpdatedAt: null, skipped: all.count };
        return;
      }
      for (const whole of pages) {
        // Shopify's `updated_at:>=since` search: older orders are not served.
        const inWindow = whole.orders.filter(
          (o) => !o.ok || Date.parse(o.value.order.updatedAt) >= Date.parse(since),
        );
        if (inWindow.length === 0) continue;
        const page = { ...whole, orders: inWindow };
        // A page with readFrom stands for a bulk export (only an export is adopted), and the
        // bulk path serves the whole window: `known` filters only the paged path's first read
        // (shopify-order-source.ts, ordersUpdatedSince).
        if (known === undefined || page.readFrom !== undefined) {
          yield page;
          continue;
        }
        const stamps = page.orders.flatMap((o) =>
          o.ok ? [{ id: o.value.order.shopifyId, updatedAt: o.value.order.updatedAt }] : [],
        );
        const stored = await known(stamps);
        const fresh = page.orders.filter((o) => !o.ok || !stored.has(o.value.order.shopifyId));
        yield { ...page, orders: fresh, skipped: page.orders.length - fresh.length };
      }
    },
    async *deletedOrdersSince(since: string) {
      asked.deletedSince.push(since);
      for (const event of content.deleted ?? [])
        yield typeof event === 'string' ? { id: event, deletedAt: since } : event;
    },
    async readsAllOrders() {
      asked.scope++;
      return content.readsAllOrders ?? false;
    },
    usage: () => ({ costPoints: 0, throttled: 0, requests: 0 }),
  };
  return { source, asked };
}
