import { UpstreamError } from '../../domain/errors.js';
import type { Logger } from '../../domain/ports/logger.js';
import type { OrderPage, OrderSource } from '../../domain/ports/order-source.js';
import { ORDER_LINE_ITEMS_QUERY, ORDERS_PAGE_QUERY } from './documents.js';
import { parseShopifyOrder } from './parse-shopify-order.js';
import { estimateQueryCost } from './query-cost.js';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.js';

/**
 * Page sizes. Requested cost of one orders page is about `2 + pageSize * (17 + 11 * lineItems)`
 * (each order and line item is an object, plus customer, addresses and two-sided money bags):
 * the default 8 orders x 5 line items asks 570-579 points (simulator / our estimate), well
 * under Shopify's 1000 per query; 250 orders would ask 18 003. Actual cost is what comes back
 * (usually far less). A large order's further line items come 50 at a time: 453 points.
 */
export interface OrderPaging {
  readonly pageSize?: number;
  readonly lineItemsPageSize?: number;
  readonly extraLineItemsPageSize?: number;
}

export interface ShopifyOrderSourceOptions extends OrderPaging {
  readonly client: ShopifyGraphqlClient;
  readonly logger: Logger;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

/** Shopify search syntax: the date is quoted, and `>=` so the cursor's own instant is re-read. */
export function updatedSinceQuery(since: string): string {
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw new Error(`not a timestamp: ${JSON.stringify(since)}`);
  return `updated_at:>='${new Date(t).toISOString()}'`;
}

function pageInfo(v: unknown): { hasNextPage: boolean; endCursor: string | null } {
  const p = obj(v);
  return { hasNextPage: p['hasNextPage'] === true, endCursor: typeof p['endCursor'] === 'string' ? p['endCursor'] : null };
}

export function createShopifyOrderSource(options: ShopifyOrderSourceOptions): OrderSource {
  const { client } = options;
  const log = options.logger.child({ component: 'shopify-orders' });
  const pageSize = Math.min(250, options.pageSize ?? 8);
  const lineItemsPageSize = Math.min(250, options.lineItemsPageSize ?? 5);
  const extraPageSize = Math.min(250, options.extraLineItemsPageSize ?? 50);

  /** Fetches the line items after the first nested page and returns the order with all of them. */
  const completeLineItems = async (order: Obj, signal?: AbortSignal): Promise<Obj> => {
    const first = obj(order['lineItems']);
    const nodes: unknown[] = Array.isArray(first['nodes']) ? [...(first['nodes'] as unknown[])] : [];
    let info = pageInfo(first['pageInfo']);
    let pages = 0;
    while (info.hasNextPage) {
      if (!info.endCursor) throw new UpstreamError('shopify', `order ${String(order['id'])}: line items page without a cursor`, { retryable: true });
      const data = await client.request<Obj>(ORDER_LINE_ITEMS_QUERY, { id: order['id'], first: extraPageSize, after: info.endCursor }, { signal });
      const more = obj(obj(data['order'])['lineItems']);
      if (Array.isArray(more['nodes'])) nodes.push(...(more['nodes'] as unknown[]));
      info = pageInfo(more['pageInfo']);
      pages += 1;
    }
    if (pages > 0) log.debug({ orderId: order['id'], lineItems: nodes.length, extraPages: pages }, 'large order completed');
    return { ...order, lineItems: { pageInfo: { hasNextPage: false, endCursor: info.endCursor }, nodes } };
  };

  return {
    async *ordersUpdatedSince(since, signal) {
      const query = updatedSinceQuery(since);
      const variables = (after: string | null): Obj => ({ first: pageSize, after, query, lineItemsFirst: lineItemsPageSize });
      const cost = estimateQueryCost(ORDERS_PAGE_QUERY, variables(null));
      let after: string | null = null;
      for (;;) {
        const data = await client.request<Obj>(ORDERS_PAGE_QUERY, variables(after), { signal, estimatedCost: cost });
        const connection = obj(data['orders']);
        const nodes = Array.isArray(connection['nodes']) ? (connection['nodes'] as unknown[]) : [];
        const orders: OrderPage['orders'][number][] = [];
        let maxUpdatedAt: string | null = null;
        for (const node of nodes) {
          const raw = obj(node);
          const updatedAt = raw['updatedAt'];
          if (typeof updatedAt === 'string' && (maxUpdatedAt === null || Date.parse(updatedAt) > Date.parse(maxUpdatedAt))) maxUpdatedAt = updatedAt;
          const complete = pageInfo(obj(raw['lineItems'])['pageInfo']).hasNextPage ? await completeLineItems(raw, signal) : node;
          orders.push(parseShopifyOrder(complete));
        }
        yield { orders, maxUpdatedAt };
        const info = pageInfo(connection['pageInfo']);
        if (!info.hasNextPage || !info.endCursor) return;
        after = info.endCursor;
      }
    },
    usage: () => client.usage(),
  };
}
