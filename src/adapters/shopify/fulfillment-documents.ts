/**
 * The GraphQL documents of the shipments step (API X shipments -> Shopify fulfilments), validated
 * against the vendored schemas by test/adapters/shopify/documents.test.ts like the others.
 * `fulfillmentCreate` is the current mutation (2026-10: `fulfillmentCreateV2` is deprecated,
 * "Use `fulfillmentCreate` instead"), and likewise `fulfillmentTrackingInfoUpdate`.
 */

import {
  FULFILLMENT_LINES_FIRST,
  FULFILLMENT_ORDER_LINES_FIRST,
  FULFILLMENT_ORDERS_FIRST,
  FULFILLMENT_ORDERS_PAGE,
  FULFILLMENTS_FIRST,
  LINES_PAGE,
} from './fulfilment-page-sizes.js';

const USER_ERRORS = 'userErrors { field message }';

const FULFILLMENT_ORDER_LINES =
  'pageInfo { hasNextPage endCursor } nodes { id remainingQuantity lineItem { id } }';
const FULFILLMENT_ORDER = `
  id
  status
  assignedLocation { location { id } }
  lineItems(first: ${FULFILLMENT_ORDER_LINES_FIRST}) { ${FULFILLMENT_ORDER_LINES} }
`;
const FULFILLMENT_LINES = 'pageInfo { hasNextPage endCursor } nodes { quantity lineItem { id } }';
const FULFILLMENT = `
  id
  status
  createdAt
  location { id }
  trackingInfo { company number url }
  fulfillmentLineItems(first: ${FULFILLMENT_LINES_FIRST}) { ${FULFILLMENT_LINES} }
`;

/** The fulfillment orders and fulfilments of several orders in one query (fulfilment-read.ts). */
export const ORDER_FULFILMENTS_QUERY = /* GraphQL */ `
  query OrderFulfilments($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Order {
        id
        fulfillmentOrders(first: ${FULFILLMENT_ORDERS_FIRST}) {
          pageInfo { hasNextPage endCursor }
          nodes { ${FULFILLMENT_ORDER} }
        }
        fulfillments(first: ${FULFILLMENTS_FIRST}) { ${FULFILLMENT} }
      }
    }
  }
`;

// Nested connections are paged from their parent node: the parent read again by id
// (QueryRoot.node, "in accordance with the Relay specification") with `after:` set to the
// page's pageInfo.endCursor (shopify.dev/docs/api/usage/pagination-graphql).

/** The next fulfillment orders of one order. */
export const ORDER_FULFILLMENT_ORDERS_PAGE = /* GraphQL */ `
  query OrderFulfillmentOrdersPage($id: ID!, $after: String) {
    order(id: $id) {
      fulfillmentOrders(first: ${FULFILLMENT_ORDERS_PAGE}, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { ${FULFILLMENT_ORDER} }
      }
    }
  }
`;

/** The next lines of one fulfillment order. */
export const FULFILLMENT_ORDER_LINES_PAGE = /* GraphQL */ `
  query FulfillmentOrderLinesPage($id: ID!, $after: String) {
    node(id: $id) {
      ... on FulfillmentOrder {
        lineItems(first: ${LINES_PAGE}, after: $after) { ${FULFILLMENT_ORDER_LINES} }
      }
    }
  }
`;

/**
 * Every fulfilment id of one order. Order.fulfillments is a list, not a connection: it has no
 * cursor, and `first` only "Truncate[s] the array result to this size" (2026-10 schema), so
 * without `first` it is the whole list.
 */
export const ORDER_FULFILMENT_IDS = /* GraphQL */ `
  query OrderFulfilmentIds($id: ID!) {
    order(id: $id) {
      fulfillments {
        id
      }
    }
  }
`;

/** Fulfilments by id (those past the first FULFILLMENTS_FIRST of an order). */
export const FULFILMENTS_BY_ID = /* GraphQL */ `
  query FulfilmentsById($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Fulfillment { ${FULFILLMENT} }
    }
  }
`;

/** The next lines of one fulfilment. */
export const FULFILLMENT_LINES_PAGE = /* GraphQL */ `
  query FulfillmentLinesPage($id: ID!, $after: String) {
    node(id: $id) {
      ... on Fulfillment {
        fulfillmentLineItems(first: ${LINES_PAGE}, after: $after) { ${FULFILLMENT_LINES} }
      }
    }
  }
`;

export const FULFILLMENT_CREATE = /* GraphQL */ `
  mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
    fulfillmentCreate(fulfillment: $fulfillment) {
      fulfillment { id status }
      ${USER_ERRORS}
    }
  }
`;

export const FULFILLMENT_TRACKING_UPDATE = /* GraphQL */ `
  mutation FulfillmentTrackingUpdate(
    $fulfillmentId: ID!
    $trackingInfoInput: FulfillmentTrackingInput!
    $notifyCustomer: Boolean
  ) {
    fulfillmentTrackingInfoUpdate(
      fulfillmentId: $fulfillmentId
      trackingInfoInput: $trackingInfoInput
      notifyCustomer: $notifyCustomer
    ) {
      fulfillment { id status }
      ${USER_ERRORS}
    }
  }
`;

export const FULFILLMENT_CANCEL = /* GraphQL */ `
  mutation FulfillmentCancel($id: ID!) {
    fulfillmentCancel(id: $id) {
      fulfillment { id status }
      ${USER_ERRORS}
    }
  }
`;
