import { UpstreamError } from '../../domain/errors.js';
import type { Logger } from '../../domain/ports/logger.js';
import type { OrderPage, OrderSource } from '../../domain/ports/order-source.js';
import type { CustomerFields } from '../../domain/model/order.js';
import {
  ORDER_LINE_ITEMS_QUERY,
  ORDERS_COUNT_QUERY,
  ORDERS_PAGE_QUERY,
  ORDERS_PAGE_QUERY_CONTACT,
  ORDERS_PAGE_QUERY_NO_CUSTOMER,
} from './documents.js';
import { list, obj, pageInfo, sinceSearchTerm, type Obj } from './graphql-values.js';
import { BulkBusyError, createOrderExport } from './order-export.js';
import { parseShopifyOrder } from './parse-shopify-order.js';
import { estimateQueryCost } from './query-cost.js';
import type { GraphqlFieldError, ShopifyGraphqlClient } from './shopify-graphql-client.js';

const PAGE_QUERIES: Readonly<Record<CustomerFields, string>> = {
  none: ORDERS_PAGE_QUERY_NO_CUSTOMER,
  contact: ORDERS_PAGE_QUERY_CONTACT,
  full: ORDERS_PAGE_QUERY,
};

/** The order fields Shopify may withhold as protected customer data (the parser reads them as null). */
const PROTECTED_ORDER_FIELDS = new Set(['email', 'customer', 'shippingAddress', 'billingAddress']);

/**
 * Which protected fields a page's field errors withheld, e.g. `['orders','nodes',3,'email']`
 * -> `email`. An error anywhere else (a line item, a total) would make the order wrong rather
 * than merely less complete, so it fails the read.
 */
export function withheldFields(errors: readonly GraphqlFieldError[]): string[] {
  const fields = new Set<string>();
  for (const e of errors) {
    const [root, nodes, index, field] = e.path;
    if (
      root !== 'orders' ||
      nodes !== 'nodes' ||
      typeof index !== 'number' ||
      typeof field !== 'string' ||
      !PROTECTED_ORDER_FIELDS.has(field)
    )
      throw new UpstreamError('shopify', `order read withheld ${e.path.join('.')}: ${e.message}`, {
        retryable: false,
        hint: 'Shopify withheld a field the order cannot go without; check the app access scopes',
      });
    fields.add(field);
  }
  return [...fields].sort();
}

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
  /**
   * From this many matching orders on (counted first with a capped `ordersCount`, 1 point), the
   * window is read with a bulk export instead of pages. Pages of 8 orders cost ~55 actual points
   * per order, so under Standard's 100 points/s 250 orders already hold the bucket for ~2
   * minutes; a bulk export costs 10 points plus its polls whatever its size, but has a start-up
   * delay of its own. Default 250; 0 never exports.
   */
  readonly bulkThreshold?: number;
  /** Transport for the bulk result download (a storage URL, not Shopify's API host). */
  readonly fetch?: typeof fetch;
  /** Bulk operation polling interval (default 2 s). */
  readonly bulkPollIntervalMs?: number;
  /** Protected customer data to ask for (ORDERS_CUSTOMER_FIELDS); default `full`. */
  readonly customerFields?: CustomerFields;
}

export function createShopifyOrderSource(options: ShopifyOrderSourceOptions): OrderSource {
  const { client } = options;
  const log = options.logger.child({ component: 'shopify-orders' });
  const pageSize = Math.min(250, options.pageSize ?? 8);
  const lineItemsPageSize = Math.min(250, options.lineItemsPageSize ?? 5);
  const extraPageSize = Math.min(250, options.extraLineItemsPageSize ?? 50);
  const customerFields = options.customerFields ?? 'full';
  const pageQuery = PAGE_QUERIES[customerFields];

  /** Fetches the line items after the first nested page and returns the order with all of them. */
  const completeLineItems = async (order: Obj, signal?: AbortSignal): Promise<Obj> => {
    const first = obj(order['lineItems']);
    const nodes: unknown[] = Array.isArray(first['nodes'])
      ? [...(first['nodes'] as unknown[])]
      : [];
    let info = pageInfo(first['pageInfo']);
    let pages = 0;
    while (info.hasNextPage) {
      if (!info.endCursor)
        throw new UpstreamError(
          'shopify',
          `order ${String(order['id'])}: line items page without a cursor`,
          { retryable: true },
        );
      const data = await client.request<Obj>(
        ORDER_LINE_ITEMS_QUERY,
        { id: order['id'], first: extraPageSize, after: info.endCursor },
        { signal },
      );
      const more = obj(obj(data['order'])['lineItems']);
      if (Array.isArray(more['nodes'])) nodes.push(...(more['nodes'] as unknown[]));
      info = pageInfo(more['pageInfo']);
      pages += 1;
    }
    if (pages > 0)
      log.debug(
        { orderId: order['id'], lineItems: nodes.length, extraPages: pages },
        'large order completed',
      );
    return {
      ...order,
      lineItems: { pageInfo: { hasNextPage: false, endCursor: info.endCursor }, nodes },
    };
  };

  const bulkThreshold = options.bulkThreshold ?? 250;
  const bulkExport = createOrderExport({
    client,
    logger: options.logger,
    customerFields,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.bulkPollIntervalMs !== undefined
      ? { pollIntervalMs: options.bulkPollIntervalMs }
      : {}),
  });

  /** True when the window is large enough for a bulk export (the count is capped: always cheap). */
  const wantsBulk = async (query: string, signal?: AbortSignal): Promise<boolean> => {
    if (bulkThreshold <= 0) return false;
    const data = await client.request<Obj>(
      ORDERS_COUNT_QUERY,
      { query, limit: bulkThreshold },
      { signal },
    );
    const count = obj(data['ordersCount'])['count'];
    const large = typeof count === 'number' && count >= bulkThreshold;
    log.info(
      { count, threshold: bulkThreshold, path: large ? 'bulk' : 'pages' },
      large
        ? `at least ${bulkThreshold} orders to read: bulk export`
        : `${String(count)} orders to read: pages`,
    );
    return large;
  };

  /** The paginated path: pages of `pageSize` orders, large orders completed one by one. */
  async function* pagesOf(query: string, signal?: AbortSignal): AsyncGenerator<OrderPage> {
    const variables = (after: string | null): Obj => ({
      first: pageSize,
      after,
      query,
      lineItemsFirst: lineItemsPageSize,
    });
    const cost = estimateQueryCost(pageQuery, variables(null));
    let after: string | null = null;
    for (;;) {
      let fieldErrors: readonly GraphqlFieldError[] = [];
      const data = await client.request<Obj>(pageQuery, variables(after), {
        signal,
        estimatedCost: cost,
        onFieldErrors: (errors) => (fieldErrors = errors),
      });
      const withheld = withheldFields(fieldErrors);
      const connection = obj(data['orders']);
      const nodes = list(connection['nodes']);
      const orders: OrderPage['orders'][number][] = [];
      let maxUpdatedAt: string | null = null;
      for (const node of nodes) {
        const raw = obj(node);
        const updatedAt = raw['updatedAt'];
        if (
          typeof updatedAt === 'string' &&
          (maxUpdatedAt === null || Date.parse(updatedAt) > Date.parse(maxUpdatedAt))
        )
          maxUpdatedAt = updatedAt;
        const complete = pageInfo(obj(raw['lineItems'])['pageInfo']).hasNextPage
          ? await completeLineItems(raw, signal)
          : node;
        orders.push(parseShopifyOrder(complete));
      }
      yield { orders, maxUpdatedAt, ...(withheld.length > 0 ? { withheld } : {}) };
      const info = pageInfo(connection['pageInfo']);
      if (!info.hasNextPage || !info.endCursor) return;
      after = info.endCursor;
    }
  }

  return {
    async *ordersUpdatedSince(since, signal) {
      const query = sinceSearchTerm('updated_at', since);
      if (await wantsBulk(query, signal)) {
        try {
          yield* bulkExport.pages(query, signal);
          return;
        } catch (error) {
          // Only thrown before the first page: a busy bulk slot (e.g. the catalogue job's
          // import) means this read takes the slow way, not that it fails.
          if (!(error instanceof BulkBusyError)) throw error;
          log.warn({ reason: error.message }, 'bulk export not available now: reading pages');
        }
      }
      yield* pagesOf(query, signal);
    },
    usage: () => client.usage(),
  };
}
