import { UpstreamError } from '../../domain/errors.js';
import type { Logger } from '../../domain/ports/logger.js';
import type { KnownOrders, OrderPage, OrderStamp } from '../../domain/ports/order-source.js';
import type { CustomerFields } from '../../domain/model/order.js';
import {
  ORDER_LINE_ITEMS_QUERY,
  ORDER_STAMPS_QUERY,
  ORDERS_BY_ID_QUERY,
  ORDERS_BY_ID_QUERY_CONTACT,
  ORDERS_BY_ID_QUERY_NO_CUSTOMER,
  ORDERS_PAGE_QUERY,
  ORDERS_PAGE_QUERY_CONTACT,
  ORDERS_PAGE_QUERY_NO_CUSTOMER,
} from './order-documents.js';
import { list, obj, pageInfo, type Obj } from './graphql-values.js';
import type { GraphqlFieldError } from './graphql-response.js';
import { parseShopifyOrder } from './parse-shopify-order.js';
import { estimateQueryCost } from './query-cost.js';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.js';

const PAGE_QUERIES: Readonly<Record<CustomerFields, string>> = {
  none: ORDERS_PAGE_QUERY_NO_CUSTOMER,
  contact: ORDERS_PAGE_QUERY_CONTACT,
  full: ORDERS_PAGE_QUERY,
};
const BY_ID_QUERIES: Readonly<Record<CustomerFields, string>> = {
  none: ORDERS_BY_ID_QUERY_NO_CUSTOMER,
  contact: ORDERS_BY_ID_QUERY_CONTACT,
  full: ORDERS_BY_ID_QUERY,
};
/** Stamps per cheap read: Shopify's page maximum, about one point per order. */
const STAMPS_PAGE_SIZE = 250;

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
    // A page: orders.nodes.<i>.<field>; a read by id: nodes.<i>.<field>.
    const [index, field] = e.path[0] === 'orders' ? e.path.slice(2) : e.path.slice(1);
    const inNodes = e.path[0] === 'nodes' || (e.path[0] === 'orders' && e.path[1] === 'nodes');
    if (
      !inNodes ||
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

export interface OrderPagesOptions extends OrderPaging {
  readonly client: ShopifyGraphqlClient;
  /** The `shopify-orders` logger of the order source. */
  readonly log: Logger;
  readonly customerFields: CustomerFields;
}

/** Reading orders through GraphQL pages (the path for windows under the bulk threshold). */
export interface OrderPages {
  /** Every order of the search `query`, full documents, `pageSize` at a time. */
  pagesOf(query: string, signal?: AbortSignal): AsyncGenerator<OrderPage>;
  /** Stamps of the search `query`; full documents only of orders `known` does not vouch for. */
  changedPagesOf(
    query: string,
    known: KnownOrders,
    signal?: AbortSignal,
  ): AsyncGenerator<OrderPage>;
}

export function createOrderPages(options: OrderPagesOptions): OrderPages {
  const { client, log, customerFields } = options;
  const pageSize = Math.min(250, options.pageSize ?? 8);
  const lineItemsPageSize = Math.min(250, options.lineItemsPageSize ?? 5);
  const extraPageSize = Math.min(250, options.extraLineItemsPageSize ?? 50);
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

  /** Full documents of these orders, `pageSize` at a time, large ones completed. */
  async function fetchByIds(ids: readonly string[], signal?: AbortSignal) {
    const byIdQuery = BY_ID_QUERIES[customerFields];
    const perOrderCost = estimateQueryCost(byIdQuery, {
      ids: ['gid://shopify/Order/1'],
      lineItemsFirst: lineItemsPageSize,
    });
    const orders: OrderPage['orders'][number][] = [];
    const withheld = new Set<string>();
    for (let i = 0; i < ids.length; i += pageSize) {
      const variables = { ids: ids.slice(i, i + pageSize), lineItemsFirst: lineItemsPageSize };
      let fieldErrors: readonly GraphqlFieldError[] = [];
      const data = await client.request<Obj>(byIdQuery, variables, {
        signal,
        // `nodes(ids:)` is charged per id (the estimator sees one): reserve that much.
        estimatedCost: perOrderCost * variables.ids.length,
        onFieldErrors: (errors) => (fieldErrors = errors),
      });
      for (const field of withheldFields(fieldErrors)) withheld.add(field);
      for (const node of list(data['nodes'])) {
        // Gone since the stamps were read (deleted, or out of this app's reach): nothing to store.
        if (node === null) continue;
        const raw = obj(node);
        const complete = pageInfo(obj(raw['lineItems'])['pageInfo']).hasNextPage
          ? await completeLineItems(raw, signal)
          : node;
        orders.push(parseShopifyOrder(complete));
      }
    }
    return { orders, withheld: [...withheld].sort() };
  }

  /**
   * The cheap path: stamps first, full documents only for what `known` does not vouch for. The
   * cursor still covers every stamp read, fetched or not.
   */
  async function* changedPagesOf(
    query: string,
    known: KnownOrders,
    signal?: AbortSignal,
  ): AsyncGenerator<OrderPage> {
    let after: string | null = null;
    for (;;) {
      const data = await client.request<Obj>(
        ORDER_STAMPS_QUERY,
        { first: STAMPS_PAGE_SIZE, after, query },
        { signal },
      );
      const connection = obj(data['orders']);
      const stamps: OrderStamp[] = [];
      let maxUpdatedAt: string | null = null;
      for (const node of list(connection['nodes'])) {
        const { id, updatedAt } = obj(node);
        if (typeof id !== 'string' || typeof updatedAt !== 'string' || !Date.parse(updatedAt))
          throw new UpstreamError(
            'shopify',
            `order stamp without id or updatedAt: ${JSON.stringify(node)}`,
            {
              retryable: false,
            },
          );
        stamps.push({ id, updatedAt });
        if (maxUpdatedAt === null || Date.parse(updatedAt) > Date.parse(maxUpdatedAt))
          maxUpdatedAt = updatedAt;
      }
      const unchanged = await known(stamps);
      const wanted = stamps.filter((s) => !unchanged.has(s.id)).map((s) => s.id);
      const { orders, withheld } = await fetchByIds(wanted, signal);
      yield {
        orders,
        maxUpdatedAt,
        skipped: stamps.length - wanted.length,
        ...(withheld.length > 0 ? { withheld } : {}),
      };
      const info = pageInfo(connection['pageInfo']);
      if (!info.hasNextPage || !info.endCursor) return;
      after = info.endCursor;
    }
  }

  return { pagesOf, changedPagesOf };
}
