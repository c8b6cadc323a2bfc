/**
 * Every GraphQL document the order source sends (paged reads, the bulk export, counts, access
 * scopes), as named constants. test/adapters/shopify/documents.test.ts validates each export
 * against the vendored schema, so a misspelt field fails the build instead of a run. Fields are
 * only what the code reads: cost is paid per object selected.
 */
import type { CustomerFields } from '../../domain/model/order.js';
import { PAGE_INFO, PAGED_SEARCH_VARIABLES, pagedSearch } from './paged-search.js';

const MONEY_BAG = 'shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }';
const ADDRESS = 'name company address1 address2 city province zip countryCodeV2 phone';

/** A line item as the order parser reads it (shared by the paged and the bulk documents). */
const LINE_ITEM_SELECTION = `
  id title quantity sku isGiftCard
  variant { id }
  product { id }
  originalUnitPriceSet { ${MONEY_BAG} }
  totalDiscountSet { ${MONEY_BAG} }
`;

const LINE_ITEM_FIELDS = /* GraphQL */ `
  fragment OrderLineItemFields on LineItem {
    ${LINE_ITEM_SELECTION}
  }
`;

/**
 * The customer part of an order at each ORDERS_CUSTOMER_FIELDS level. Everything here is
 * protected customer data (shopify.dev "Work with protected customer data": level 2 covers name,
 * address, phone and email), so `none` asks for none of it, `contact` for the customer's names
 * and email, `full` adds the addresses.
 */
function customerSelection(fields: CustomerFields): string {
  const contact = 'email customer { id firstName lastName defaultEmailAddress { emailAddress } }';
  switch (fields) {
    case 'none':
      return '';
    case 'contact':
      return contact;
    default:
      return `${contact} shippingAddress { ${ADDRESS} } billingAddress { ${ADDRESS} }`;
  }
}

/** An order's own fields (everything but its line items), as the order parser reads them. */
const orderSelection = (fields: CustomerFields) => `
  id name createdAt updatedAt test currencyCode presentmentCurrencyCode
  ${customerSelection(fields)}
  subtotalPriceSet { ${MONEY_BAG} }
  totalDiscountsSet { ${MONEY_BAG} }
  totalShippingPriceSet { ${MONEY_BAG} }
  totalTaxSet { ${MONEY_BAG} }
  totalPriceSet { ${MONEY_BAG} }
  displayFinancialStatus displayFulfillmentStatus cancelledAt cancelReason
  refunds { id createdAt totalRefundedSet { ${MONEY_BAG} } }
`;

const ordersPage = (fields: CustomerFields) => /* GraphQL */ `
  query OrdersPage(${PAGED_SEARCH_VARIABLES}, $lineItemsFirst: Int!) {
    ${pagedSearch(
      'orders',
      'UPDATED_AT',
      `${orderSelection(fields)}
        lineItems(first: $lineItemsFirst) { ${PAGE_INFO} nodes { ...OrderLineItemFields } }`,
    )}
  }
  ${LINE_ITEM_FIELDS}
`;

/** One page of orders with their first `$lineItemsFirst` line items (see order source for cost). */
export const ORDERS_PAGE_QUERY = ordersPage('full');
/** The same without addresses (ORDERS_CUSTOMER_FIELDS=contact). */
export const ORDERS_PAGE_QUERY_CONTACT = ordersPage('contact');
/** The same without any customer data (ORDERS_CUSTOMER_FIELDS=none). */
export const ORDERS_PAGE_QUERY_NO_CUSTOMER = ordersPage('none');

/**
 * The cheap first look at a window: ids and `updatedAt` only, one point per order (an object
 * with scalars), so a run with nothing new reads the overlap for a few points and fetches full
 * documents only for orders that are new or changed.
 */
export const ORDER_STAMPS_QUERY = /* GraphQL */ `
  query OrderStamps(${PAGED_SEARCH_VARIABLES}) {
    ${pagedSearch('orders', 'UPDATED_AT', 'id updatedAt')}
  }
`;

/**
 * The newest order of a window: OrderSortKeys.UPDATED_AT "Sorts by the date and time the order
 * was last updated", `reverse` "Reverse the order of the underlying list" (vendored 2026-10
 * schema). With the window's `ordersCount`, a summary that says in 3 points whether anything
 * changed.
 */
export const NEWEST_ORDER_STAMP_QUERY = /* GraphQL */ `
  query NewestOrderStamp($query: String!) {
    orders(first: 1, query: $query, sortKey: UPDATED_AT, reverse: true) {
      nodes {
        id
        updatedAt
      }
    }
  }
`;

const ordersById = (fields: CustomerFields) => /* GraphQL */ `
  query OrdersById($ids: [ID!]!, $lineItemsFirst: Int!) {
    nodes(ids: $ids) {
      ... on Order {
        ${orderSelection(fields)}
        lineItems(first: $lineItemsFirst) { ${PAGE_INFO} nodes { ...OrderLineItemFields } }
      }
    }
  }
  ${LINE_ITEM_FIELDS}
`;

/** Full documents of the new or changed orders a stamps read found (same fields as a page). */
export const ORDERS_BY_ID_QUERY = ordersById('full');
export const ORDERS_BY_ID_QUERY_CONTACT = ordersById('contact');
export const ORDERS_BY_ID_QUERY_NO_CUSTOMER = ordersById('none');

/** The scopes the merchant granted: whether orders older than 60 days are readable. */
export const ACCESS_SCOPES_QUERY = /* GraphQL */ `
  query AccessScopes {
    currentAppInstallation {
      accessScopes {
        handle
      }
    }
  }
`;

/** The rest of a large order's line items. */
export const ORDER_LINE_ITEMS_QUERY = /* GraphQL */ `
  query OrderLineItems($id: ID!, $first: Int!, $after: String) {
    order(id: $id) {
      id
      lineItems(first: $first, after: $after) {
        ${PAGE_INFO}
        nodes {
          ...OrderLineItemFields
        }
      }
    }
  }
  ${LINE_ITEM_FIELDS}
`;

/**
 * How many orders a search matches, counted up to `$limit` (precision AT_LEAST beyond it): the
 * order source's cheap look before choosing between pages and a bulk export.
 */
export const ORDERS_COUNT_QUERY = /* GraphQL */ `
  query OrdersCount($query: String!, $limit: Int) {
    ordersCount(query: $query, limit: $limit) {
      count
      precision
    }
  }
`;

/**
 * The same orders as ORDERS_PAGE_QUERY for bulkOperationRunQuery: no pagination arguments (a
 * bulk export reads every row; line items come back as rows of their own carrying
 * `__parentId`). Bulk queries take no variables, so the search string is written in as a
 * GraphQL string literal (JSON string syntax is valid GraphQL string syntax).
 */
export function ordersBulkQuery(search: string, fields: CustomerFields = 'full'): string {
  return /* GraphQL */ `
    {
      orders(query: ${JSON.stringify(search)}, sortKey: UPDATED_AT) {
        edges {
          node {
            ${orderSelection(fields)}
            lineItems { edges { node { ${LINE_ITEM_SELECTION} } } }
          }
        }
      }
    }
  `;
}
