import { readSync } from 'node:fs';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import { open, mkdtemp, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../domain/ports/logger.js';
import type { OrderPage } from '../../domain/ports/order-source.js';
import type { CustomerFields } from '../../domain/model/order.js';
import { DEFAULT_BULK_POLLING, type BulkPolling } from './bulk/poll.js';
import { createShopifyBulk } from './bulk/shopify-bulk.js';
import { ordersBulkQuery } from './order-documents.js';
import { obj, str, type Obj } from './graphql-values.js';
import { parseShopifyOrder } from './parse-shopify-order.js';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.js';

export interface OrderExportOptions {
  readonly client: ShopifyGraphqlClient;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  /** First wait of the bulk operations' one poll policy (bulk/poll.ts); tests shorten it. */
  readonly pollIntervalMs?: number;
  /** Orders per yielded page (default 250, the port's page size). */
  readonly pageSize?: number;
  /** Orders in the first page, doubling up to `pageSize` (default FIRST_PAGE_SIZE). */
  readonly firstPageSize?: number;
  /** Protected customer data to ask for (ORDERS_CUSTOMER_FIELDS); default `full`. */
  readonly customerFields?: CustomerFields;
}

/**
 * Where each row of the export sits in the spool file: one entry per order, holding its own
 * line and those of its line items. Rows are indexed, not kept: memory grows by a few numbers
 * per row, whatever the size of the orders.
 */
interface Entry {
  updatedAt: number;
  num: number;
  /** [offset, length] of the order's own row; null until it is seen (child rows may come first). */
  at: [number, number] | null;
  /** [offset, length, id number, ...] of its line item rows, in file order. */
  children: number[];
}

/** Numeric tail of a GID, for Shopify's tie-break on equal updatedAt (`sortKey: UPDATED_AT`). */
const gidNumber = (id: string): number => Number(/\/(\d+)$/.exec(id)?.[1] ?? 0);

/** Sort order of the paginated path: updatedAt, then id. */
export function compareEntries(
  a: Pick<Entry, 'updatedAt' | 'num'>,
  b: Pick<Entry, 'updatedAt' | 'num'>,
): number {
  return a.updatedAt - b.updatedAt || a.num - b.num;
}

/**
 * Where an order's line item rows are, in the order its `lineItems` connection lists them (by
 * id): ungrouped export rows come in no promised order, and API X receives lines by position.
 */
export function lineItemOrder(children: readonly number[]): [number, number][] {
  const rows: [number, number, number][] = [];
  for (let i = 0; i + 2 < children.length; i += 3) {
    rows.push([children[i] ?? 0, children[i + 1] ?? 0, children[i + 2] ?? 0]);
  }
  return rows.sort((a, b) => a[2] - b[2]).map(([offset, length]) => [offset, length]);
}

/**
 * Orders in the first page of an export. Nothing of the window can be stored (and pushed) before
 * the whole file is read and sorted; then a page of 250 is read, parsed and stored in one
 * transaction before the push's first claim (40 orders at the default concurrency) finds
 * anything. A small first page is stored sooner, so the sends start sooner, and the next pages
 * double (pageSizes) while the push works through the ones stored.
 */
export const FIRST_PAGE_SIZE = 50;

/**
 * Orders read and parsed between two turns of the event loop. A page of 250 is tens of ms of
 * synchronous work (rows read, JSON parsed, orders assembled and parsed) on a busy 2-core
 * machine, and the push's answers that arrived meanwhile waited for all of it before the next
 * sends went out (a send took 28.6 ms against API X's 20 ms in the 10k bench; issue 19).
 */
export const ORDERS_PER_TURN = 25;

/**
 * The sizes of the pages `count` sorted orders are yielded in: `first`, then each page twice the
 * one before, up to `size`.
 */
export function pageSizes(count: number, first: number, size: number): number[] {
  const sizes: number[] = [];
  let next = Math.max(1, Math.min(first, size));
  for (let left = count; left > 0;) {
    const n = Math.min(next, left);
    sizes.push(n);
    left -= n;
    next = Math.min(size, next * 2);
  }
  return sizes;
}

/**
 * Reassembles one order from its own row and its line item rows (a bulk export flattens the
 * `lineItems` connection into rows carrying `__parentId`) into the shape the paginated query
 * returns, so the same parser reads both.
 */
export function assembleOrder(order: Obj, lineItems: readonly Obj[]): Obj {
  const nodes = lineItems.map((row) => {
    const { __parentId: _parent, ...rest } = row;
    return rest;
  });
  return { ...order, lineItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } };
}

/**
 * The orders export's poll: the shared policy (poll.ts) capped at 300 ms instead of 1 s. The
 * five-minute run waits on nothing else while its export runs (no order of the window can be
 * stored or pushed before the export completes), so the time the export sits done unseen is the
 * run's: about half a cap on average, 0.5 s under 1 s, 0.15 s under 300 ms. The price is
 * questions: a 20 s export (10,000 orders at 2,000 rows/s) is asked about 68 times instead of 23,
 * a point each ("Object | 1", shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits) of a
 * bucket restoring 100 a second; a quiet run's export (under a second) asks the same 2-3 times.
 * 300 ms is how often Shopify's own CLI watches a bulk operation (@shopify/cli-kit,
 * watch-bulk-operation, QUICK_WATCH_POLL_INTERVAL_MS).
 */
export const ORDER_EXPORT_POLLING: BulkPolling = { ...DEFAULT_BULK_POLLING, max: 300 };

/**
 * The bulk path of the order source: one `bulkOperationRunQuery` (it costs 10 points and does
 * not draw on the rate limit while it runs), the JSONL spooled to a temporary file with an
 * index, then pages sorted by updatedAt as the paginated path yields them. The ungrouped output
 * (`groupObjects: false`, the fast default) promises nothing about where a child row lands, so
 * the whole file is read before the first page is yielded.
 */
export function createOrderExport(options: OrderExportOptions) {
  const log = options.logger.child({ component: 'shopify-orders' });
  const bulk = createShopifyBulk({
    client: options.client,
    logger: options.logger,
    fetch: options.fetch,
    // Tests shorten its first wait.
    polling: {
      ...ORDER_EXPORT_POLLING,
      ...(options.pollIntervalMs === undefined ? {} : { min: options.pollIntervalMs }),
    },
  });
  const pageSize = Math.min(250, options.pageSize ?? 250);
  const firstPageSize = options.firstPageSize ?? FIRST_PAGE_SIZE;

  /** Starts the export and waits for it; returns the result URL (null: no orders). */
  const runExport = async (
    search: string,
    signal?: AbortSignal,
  ): Promise<{ id: string; url: string | null; adoptedCreatedAt: string | null }> => {
    const { operationId, url, objectCount, adoptedCreatedAt } = await bulk.runQuery(
      'orders',
      ordersBulkQuery(search, options.customerFields),
      'the next run reads the window again',
      signal,
    );
    log.info({ operationId, objectCount, search }, 'bulk export of orders completed');
    return { id: operationId, url, adoptedCreatedAt };
  };

  /** Downloads the file into `file`, indexing each order and its line item rows. */
  const spool = async (
    id: string,
    url: string,
    file: FileHandle,
    signal?: AbortSignal,
  ): Promise<Map<string, Entry>> => {
    const index = new Map<string, Entry>();
    const entry = (orderId: string): Entry => {
      let e = index.get(orderId);
      if (!e)
        index.set(orderId, (e = { updatedAt: 0, num: gidNumber(orderId), at: null, children: [] }));
      return e;
    };
    let offset = 0;
    let batch: Buffer[] = [];
    let batchBytes = 0;
    const flush = async (): Promise<void> => {
      if (batchBytes === 0) return;
      await file.write(Buffer.concat(batch, batchBytes));
      batch = [];
      batchBytes = 0;
    };
    for await (const { row, line } of bulk.exportRows(id, url, signal)) {
      const bytes = Buffer.from(`${line}\n`);
      const position: [number, number] = [offset, bytes.length - 1];
      offset += bytes.length;
      batch.push(bytes);
      batchBytes += bytes.length;
      if (batchBytes >= 1 << 20) await flush();
      const parentId = str(row['__parentId']);
      const ownId = str(row['id']);
      if (parentId) entry(parentId).children.push(...position, gidNumber(ownId ?? ''));
      else if (ownId) {
        const e = entry(ownId);
        e.at = position;
        e.updatedAt = Date.parse(str(row['updatedAt']) ?? '') || 0;
      }
    }
    await flush();
    return index;
  };

  // Read synchronously: the spool is our own local file, just written (in the page cache), and a
  // row is a few hundred bytes. Awaited one by one, each of the ~4 rows per order cost an
  // event-loop turn, and with pushes running beside the fetch each turn waited behind their
  // callbacks: 10k orders became 40k waits. A page's reads block the loop for a few ms.
  const readRow = (file: FileHandle, offset: number, length: number): Obj => {
    const buffer = Buffer.alloc(length);
    readSync(file.fd, buffer, 0, length, offset);
    return obj(JSON.parse(buffer.toString('utf8')));
  };

  return {
    /** Orders matching `search`, sorted by updatedAt then id, in pages of up to `pageSize`. */
    async *pages(search: string, signal?: AbortSignal): AsyncGenerator<OrderPage> {
      const { id, url, adoptedCreatedAt } = await runExport(search, signal);
      // An adopted export may have read its orders before this run began (OrderPage.readFrom).
      const readFrom = adoptedCreatedAt === null ? {} : { readFrom: adoptedCreatedAt };
      if (!url) return;
      const dir = await mkdtemp(path.join(os.tmpdir(), 'shopify-orders-'));
      const file = await open(path.join(dir, 'export.jsonl'), 'w+');
      try {
        const index = await spool(id, url, file, signal);
        const entries: Entry[] = [];
        for (const [orderId, e] of index) {
          if (e.at) entries.push(e);
          else
            log.warn(
              { operationId: id, orderId, rows: e.children.length / 3 },
              'bulk export rows without their order skipped',
            );
        }
        index.clear();
        entries.sort(compareEntries);
        let start = 0;
        for (const size of pageSizes(entries.length, firstPageSize, pageSize)) {
          signal?.throwIfAborted();
          const orders: OrderPage['orders'][number][] = [];
          let maxUpdatedAt: string | null = null;
          const page = entries.slice(start, (start += size));
          for (const e of page) {
            if (orders.length > 0 && orders.length % ORDERS_PER_TURN === 0) await eventLoopTurn();
            const [offset, length] = e.at ?? [0, 0];
            const order = readRow(file, offset, length);
            const lineItems: Obj[] = [];
            for (const [offset, length] of lineItemOrder(e.children))
              lineItems.push(readRow(file, offset, length));
            const updatedAt = str(order['updatedAt']);
            if (updatedAt !== null) maxUpdatedAt = updatedAt; // entries are sorted: the last is the greatest
            orders.push(parseShopifyOrder(assembleOrder(order, lineItems)));
          }
          yield { orders, maxUpdatedAt, ...readFrom };
        }
      } finally {
        await file.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
