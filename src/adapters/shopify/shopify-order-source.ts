import { UpstreamError } from '../../domain/errors.js';
import type { Logger } from '../../domain/ports/logger.js';
import type { OrderSource, UnchangedWindow } from '../../domain/ports/order-source.js';
import type { CustomerFields } from '../../domain/model/order.js';
import {
  ACCESS_SCOPES_QUERY,
  NEWEST_ORDER_STAMP_QUERY,
  ORDERS_COUNT_QUERY,
} from './order-documents.js';
import { destroyedSince } from './destroy-events.js';
import { list, obj, sinceSearchTerm, type Obj } from './graphql-values.js';
import { BulkBusyError } from './bulk/error-codes.js';
import { createOrderExport } from './order-export.js';
import { createOrderPages, type OrderPaging } from './order-pages.js';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.js';

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
  /** First wait of the bulk operations' poll policy (bulk/poll.ts); tests shorten it. */
  readonly bulkPollIntervalMs?: number;
  /** Protected customer data to ask for (ORDERS_CUSTOMER_FIELDS); default `full`. */
  readonly customerFields?: CustomerFields;
}

export function createShopifyOrderSource(options: ShopifyOrderSourceOptions): OrderSource {
  const { client } = options;
  const log = options.logger.child({ component: 'shopify-orders' });
  const customerFields = options.customerFields ?? 'full';
  const pages = createOrderPages({ ...options, log, customerFields });

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

  /**
   * The window's size, capped at the bulk threshold (always cheap), and whether it is exact
   * (CountPrecision: AT_LEAST when the limit was reached). Null when bulk export is off.
   */
  const countWindow = async (query: string, signal?: AbortSignal) => {
    if (bulkThreshold <= 0) return null;
    const data = await client.request<Obj>(
      ORDERS_COUNT_QUERY,
      { query, limit: bulkThreshold },
      { signal },
    );
    const counted = obj(data['ordersCount']);
    const count = counted['count'];
    if (typeof count !== 'number') return null;
    const large = count >= bulkThreshold;
    log.info(
      { count, threshold: bulkThreshold, path: large ? 'bulk' : 'pages' },
      large
        ? `at least ${bulkThreshold} orders to read: bulk export`
        : `${count} orders to read: pages`,
    );
    return { count, exact: counted['precision'] === 'EXACT', large };
  };

  /** The newest updatedAt in the window (null: the window is empty). */
  const newestIn = async (query: string, signal?: AbortSignal): Promise<string | null> => {
    const data = await client.request<Obj>(NEWEST_ORDER_STAMP_QUERY, { query }, { signal });
    const [node] = list(obj(data['orders'])['nodes']);
    if (node === undefined) return null;
    const updatedAt = obj(node)['updatedAt'];
    if (typeof updatedAt !== 'string' || Number.isNaN(Date.parse(updatedAt)))
      throw new UpstreamError('shopify', `order stamp without updatedAt: ${JSON.stringify(node)}`, {
        retryable: false,
      });
    return updatedAt;
  };

  return {
    async *ordersUpdatedSince(since, signal, known, unchanged?: UnchangedWindow) {
      const query = sinceSearchTerm('updated_at', since);
      const counted = await countWindow(query, signal);
      // A window of pages is summarised first (the count above and one stamp, same query): the
      // stamps would cost a point per order, the summary 3 points whatever the window holds.
      if (known && unchanged && counted?.exact === true && !counted.large) {
        const summary = { count: counted.count, newestUpdatedAt: await newestIn(query, signal) };
        if (await unchanged(summary)) {
          log.info(summary, 'window unchanged since the last full read: nothing to fetch');
          yield { orders: [], maxUpdatedAt: null, skipped: summary.count };
          return;
        }
      }
      if (counted?.large === true) {
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
      yield* known ? pages.changedPagesOf(query, known, signal) : pages.pagesOf(query, signal);
    },
    async *deletedOrdersSince(since, signal) {
      for await (const { subjectId, at } of destroyedSince(client, 'ORDER', since, signal))
        yield { id: subjectId, deletedAt: at };
    },
    async readsAllOrders(signal) {
      const data = await client.request<Obj>(ACCESS_SCOPES_QUERY, {}, { signal });
      return list(obj(data['currentAppInstallation'])['accessScopes']).some(
        (scope) => obj(scope)['handle'] === 'read_all_orders',
      );
    },
    usage: () => client.usage(),
  };
}
