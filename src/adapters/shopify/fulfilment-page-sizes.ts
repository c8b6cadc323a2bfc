/**
 * Page sizes of the batched read. Small on purpose: Shopify charges a query's requested cost
 * (connections sized by `first`) against the bucket before running it and refunds the unused
 * part after, and one query may request at most 1000 points. With these sizes one order costs
 * about 103 requested points, so FULFILMENT_READ_BATCH orders fit in one `nodes(ids:)` query;
 * an order beyond a page is paged on from its node (fulfillment-documents.ts), never guessed about.
 */
export const FULFILLMENT_ORDERS_FIRST = 3;
export const FULFILLMENT_ORDER_LINES_FIRST = 10;
export const FULFILLMENTS_FIRST = 5;
export const FULFILLMENT_LINES_FIRST = 10;
export const FULFILMENT_READ_BATCH = 8;
/** Follow-up pages (one node's nested connection per query): 2 + 100 x 2 points requested. */
export const LINES_PAGE = 100;
export const FULFILLMENT_ORDERS_PAGE = 10;
/** Fulfilments read by id: about 25 requested points each. */
export const FULFILMENTS_BY_ID_BATCH = 30;
