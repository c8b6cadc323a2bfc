import { chunks } from '../../domain/chunks.js';
import type { ShipmentLine } from '../../domain/model/shipment.js';
import type {
  FulfillmentOrderView,
  FulfilmentView,
  OrderFulfilment,
} from '../../domain/ports/shopify-fulfilments.js';
import {
  FULFILLMENT_LINES_PAGE,
  FULFILLMENT_ORDER_LINES_PAGE,
  FULFILMENTS_BY_ID,
  ORDER_FULFILLMENT_ORDERS_PAGE,
  ORDER_FULFILMENT_IDS,
  ORDER_FULFILMENTS_QUERY,
} from './fulfillment-documents.js';
import { FULFILLMENTS_FIRST, QUERY_COST_BUDGET } from './fulfilment-page-sizes.js';
import { list, obj, pageInfo, str, type Obj } from './graphql-values.js';
import { estimateQueryCost } from './query-cost.js';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.js';

// `nodes(ids:)` is charged per id: the cost of one, times the ids sent.
const PER_ORDER = estimateQueryCost(ORDER_FULFILMENTS_QUERY, { ids: ['gid://shopify/Order/1'] });
const PER_FULFILMENT = estimateQueryCost(FULFILMENTS_BY_ID, {
  ids: ['gid://shopify/Fulfillment/1'],
});
/** Orders read in one query. */
export const FULFILMENT_READ_BATCH = Math.max(1, Math.floor(QUERY_COST_BUDGET / PER_ORDER));
const FULFILMENTS_BY_ID_BATCH = Math.max(1, Math.floor(QUERY_COST_BUDGET / PER_FULFILMENT));

type FoLine = FulfillmentOrderView['lines'][number];

/** One page of a nested connection: its items and where the next page starts (null: none). */
interface Page<T> {
  readonly items: T[];
  readonly next: string | null;
}

function pageOf<T>(connection: unknown, item: (node: Obj) => T): Page<T> {
  const c = obj(connection);
  const info = pageInfo(c['pageInfo']);
  return {
    items: list(c['nodes']).map((n) => item(obj(n))),
    // A page that says "more" without a cursor cannot be followed: read as an error, not as the end.
    next: info.hasNextPage ? (info.endCursor ?? missingCursor()) : null,
  };
}

function missingCursor(): never {
  throw new Error('Shopify answered hasNextPage without an endCursor');
}

const foLine = (line: Obj): FoLine => {
  const remaining = line['remainingQuantity'];
  return {
    id: str(line['id']) ?? '',
    lineItemId: str(obj(line['lineItem'])['id']) ?? '',
    remaining: typeof remaining === 'number' ? remaining : 0,
  };
};

const fulfilmentLine = (line: Obj): ShipmentLine => {
  const quantity = line['quantity'];
  return {
    lineItemId: str(obj(line['lineItem'])['id']) ?? '',
    quantity: typeof quantity === 'number' ? quantity : 0,
  };
};

/** A fulfillment order with the first page of its lines. */
function fulfillmentOrder(fo: Obj): { view: FulfillmentOrderView; lines: Page<FoLine> } {
  const lines = pageOf(fo['lineItems'], foLine);
  return {
    view: {
      id: str(fo['id']) ?? '',
      status: str(fo['status']) ?? '',
      locationId: str(obj(obj(fo['assignedLocation'])['location'])['id']),
      lines: lines.items,
    },
    lines,
  };
}

function fulfilment(f: Obj): { view: FulfilmentView; lines: Page<ShipmentLine> } {
  const lines = pageOf(f['fulfillmentLineItems'], fulfilmentLine);
  return {
    view: {
      id: str(f['id']) ?? '',
      status: str(f['status']) ?? '',
      createdAt: str(f['createdAt']) ?? '',
      locationId: str(obj(f['location'])['id']),
      trackingNumbers: list(f['trackingInfo'])
        .map((t) => str(obj(t)['number']))
        .filter((n): n is string => n !== null),
      lines: lines.items,
    },
    lines,
  };
}

/**
 * Reads orders' fulfillment orders and fulfilments: up to FULFILMENT_READ_BATCH orders in one
 * `nodes(ids:)` query with small pages, then, only for an order larger than those pages, its
 * further fulfillment orders, lines and fulfilments, each nested connection paged from its own
 * node. Every order comes back whole, whatever its size. null: Shopify has no such order.
 */
export function createFulfilmentRead(client: ShopifyGraphqlClient) {
  const request = (document: string, variables: Obj, signal: AbortSignal, estimatedCost?: number) =>
    client.request<Obj>(document, variables, {
      signal,
      ...(estimatedCost === undefined ? {} : { estimatedCost }),
    });

  /** The rest of a nested connection, one page per query on its parent node. */
  async function rest<T>(first: Page<T>, next: (after: string) => Promise<Page<T>>): Promise<T[]> {
    const items = [...first.items];
    for (let after = first.next; after !== null;) {
      const page = await next(after);
      items.push(...page.items);
      after = page.next;
    }
    return items;
  }

  const foLinesAfter = (id: string, signal: AbortSignal) => async (after: string) =>
    pageOf(
      obj((await request(FULFILLMENT_ORDER_LINES_PAGE, { id, after }, signal))['node'])[
        'lineItems'
      ],
      foLine,
    );
  const fulfilmentLinesAfter = (id: string, signal: AbortSignal) => async (after: string) =>
    pageOf(
      obj((await request(FULFILLMENT_LINES_PAGE, { id, after }, signal))['node'])[
        'fulfillmentLineItems'
      ],
      fulfilmentLine,
    );

  async function whole(order: Obj, signal: AbortSignal): Promise<OrderFulfilment> {
    const orderId = str(order['id']) ?? '';
    const fos = await rest(pageOf(order['fulfillmentOrders'], fulfillmentOrder), async (after) =>
      pageOf(
        obj(
          obj(
            (await request(ORDER_FULFILLMENT_ORDERS_PAGE, { id: orderId, after }, signal))['order'],
          )['fulfillmentOrders'],
        ),
        fulfillmentOrder,
      ),
    );
    const fulfillmentOrders: FulfillmentOrderView[] = [];
    for (const fo of fos)
      fulfillmentOrders.push({
        ...fo.view,
        lines: await rest(fo.lines, foLinesAfter(fo.view.id, signal)),
      });

    const read = list(order['fulfillments']).map((f) => fulfilment(obj(f)));
    // Fewer than asked for is the whole list; as many may hide more (no cursor on this list).
    if (read.length >= FULFILLMENTS_FIRST)
      read.push(...(await moreFulfilments(orderId, read, signal)));
    const fulfilments: FulfilmentView[] = [];
    for (const f of read)
      fulfilments.push({
        ...f.view,
        lines: await rest(f.lines, fulfilmentLinesAfter(f.view.id, signal)),
      });
    return { fulfillmentOrders, fulfilments };
  }

  async function moreFulfilments(
    orderId: string,
    read: readonly { view: FulfilmentView }[],
    signal: AbortSignal,
  ) {
    const seen = new Set(read.map((f) => f.view.id));
    const ids = list(
      obj((await request(ORDER_FULFILMENT_IDS, { id: orderId }, signal))['order'])['fulfillments'],
    )
      .map((f) => str(obj(f)['id']))
      .filter((id): id is string => id !== null && !seen.has(id));
    const more: ReturnType<typeof fulfilment>[] = [];
    for (const batch of chunks(ids, FULFILMENTS_BY_ID_BATCH)) {
      const data = await request(
        FULFILMENTS_BY_ID,
        { ids: batch },
        signal,
        PER_FULFILMENT * batch.length,
      );
      for (const node of list(data['nodes'])) if (node !== null) more.push(fulfilment(obj(node)));
    }
    return more;
  }

  return async function read(
    orderIds: readonly string[],
    signal: AbortSignal,
  ): Promise<Map<string, OrderFulfilment | null>> {
    const out = new Map<string, OrderFulfilment | null>();
    for (const batch of chunks([...new Set(orderIds)], FULFILMENT_READ_BATCH)) {
      const data = await request(
        ORDER_FULFILMENTS_QUERY,
        { ids: batch },
        signal,
        PER_ORDER * batch.length,
      );
      // `nodes` answers in the order of `ids`, null for an id it does not know (or cannot show).
      const nodes = list(data['nodes']);
      for (const [i, id] of batch.entries()) {
        const node = nodes[i];
        out.set(id, node === null || node === undefined ? null : await whole(obj(node), signal));
      }
    }
    return out;
  };
}
