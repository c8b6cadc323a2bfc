/**
 * The GraphQL documents of the shipments step (API X shipments -> Shopify fulfilments), validated
 * against the vendored schemas by test/adapters/shopify/documents.test.ts like the others.
 * `fulfillmentCreate` is the current mutation (2026-10: `fulfillmentCreateV2` is deprecated,
 * "Use `fulfillmentCreate` instead"), and likewise `fulfillmentTrackingInfoUpdate`.
 */

const USER_ERRORS = 'userErrors { field message }';

/** Page sizes of the order's fulfilment read; an order beyond them is named, never guessed. */
const FULFILLMENT_ORDERS_PAGE = 10;
const FULFILLMENT_ORDER_LINES_PAGE = 40;
const FULFILLMENTS_PAGE = 10;
const FULFILLMENT_LINES_PAGE = 40;

export const ORDER_FULFILMENT_QUERY = /* GraphQL */ `
  query OrderFulfilment($id: ID!) {
    order(id: $id) {
      id
      fulfillmentOrders(first: ${FULFILLMENT_ORDERS_PAGE}) {
        pageInfo { hasNextPage }
        nodes {
          id
          status
          assignedLocation { location { id } }
          lineItems(first: ${FULFILLMENT_ORDER_LINES_PAGE}) {
            pageInfo { hasNextPage }
            nodes { id remainingQuantity lineItem { id } }
          }
        }
      }
      fulfillments(first: ${FULFILLMENTS_PAGE}) {
        id
        status
        createdAt
        location { id }
        trackingInfo { company number url }
        fulfillmentLineItems(first: ${FULFILLMENT_LINES_PAGE}) {
          pageInfo { hasNextPage }
          nodes { quantity lineItem { id } }
        }
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
