/**
 * Page sizes of the batched read. Small on purpose: Shopify charges a query's requested cost
 * (connections and sized lists by `first`) against the bucket before running it and refunds the
 * unused part after, and one query may request at most 1000 points. With these sizes one order
 * asks about 100 points, so several fit in one `nodes(ids:)` query (fulfilment-read.ts sizes the
 * batch from the estimate); an order beyond a page is paged on from its node, never guessed about.
 * Most orders have one or two fulfillment orders (one per location) and a few lines.
 */
export const FULFILLMENT_ORDERS_FIRST = 2;
export const FULFILLMENT_ORDER_LINES_FIRST = 10;
export const FULFILLMENTS_FIRST = 3;
export const FULFILLMENT_LINES_FIRST = 5;
/** Follow-up pages (one node's nested connection per query): about 200 points requested. */
export const LINES_PAGE = 100;
export const FULFILLMENT_ORDERS_PAGE = 10;
/** Below Shopify's 1000-point limit on one query's requested cost, with room for our estimate. */
export const QUERY_COST_BUDGET = 900;
