/**
 * Every GraphQL document this adapter sends to the Admin API (2026-10), as named constants.
 * test/adapters/shopify/documents.test.ts validates each export against the vendored schema, so
 * a misspelt field fails the build instead of a run. Fields are only what the code reads: cost is
 * paid per object selected.
 */
import type { CustomerFields } from '../../domain/model/order.js';

const USER_ERRORS = 'userErrors { field message }';
const CODED_USER_ERRORS = 'userErrors { field message code }';

// ---- custom-id metafield definitions -------------------------------------------------------

export const CUSTOM_ID_DEFINITION_QUERY = /* GraphQL */ `
  query CustomIdDefinition($ownerType: MetafieldOwnerType!, $namespace: String!, $key: String!) {
    metafieldDefinitions(first: 1, ownerType: $ownerType, namespace: $namespace, key: $key) {
      nodes {
        id
        type {
          name
        }
      }
    }
  }
`;

export const CUSTOM_ID_DEFINITION_CREATE = /* GraphQL */ `
  mutation CreateCustomIdDefinition($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id }
      ${CODED_USER_ERRORS}
    }
  }
`;

export const SHOP_MONEY_QUERY = /* GraphQL */ `
  query ShopMoney {
    shop {
      currencyCode
      enabledPresentmentCurrencies
    }
  }
`;

// ---- collections ----------------------------------------------------------------------------

/**
 * The shop's variant count without the default cap of 10,000 (`limit: null`, per the Count
 * field's description) and its plan: Shopify's daily new-variant limit applies from 50,000
 * variants to stores not on Plus.
 */
export const SHOP_VARIANTS_QUERY = /* GraphQL */ `
  query ShopVariants {
    productVariantsCount(limit: null) {
      count
    }
    shop {
      plan {
        shopifyPlus
      }
    }
  }
`;

export const COLLECTION_BY_CUSTOM_ID_QUERY = /* GraphQL */ `
  query CollectionByCustomId($identifier: CollectionIdentifierInput!) {
    collectionByIdentifier(identifier: $identifier) {
      id
    }
  }
`;

export const COLLECTION_SOURCES_QUERY = /* GraphQL */ `
  query CollectionSources($id: ID!) {
    collection(id: $id) {
      id
      sources {
        id
        title
      }
    }
  }
`;

export const COLLECTION_CREATE = /* GraphQL */ `
  mutation CreateCollection($collection: CollectionCreateInput!) {
    collectionCreate(collection: $collection) {
      collection { id }
      ${USER_ERRORS}
    }
  }
`;

/**
 * Membership changes through sources "might be processed asynchronously": then the payload's
 * `job` is what to wait for (schema description of collectionUpdate).
 */
export const COLLECTION_UPDATE = /* GraphQL */ `
  mutation UpdateCollection($collection: CollectionUpdateInput!) {
    collectionUpdate(collection: $collection) {
      collection { id }
      job { id done }
      ${USER_ERRORS}
    }
  }
`;

/** An asynchronous job's state ("a long running task that the client should poll for status"). */
export const JOB_QUERY = /* GraphQL */ `
  query JobState($id: ID!) {
    job(id: $id) {
      id
      done
    }
  }
`;

// ---- publications (sales channels) ----------------------------------------------------------

/**
 * Every publication with its catalogue's title ("Online Store", "Point of Sale", ...), to find
 * the configured ones by name. `Publication.name` is deprecated ("Use Catalog.title instead").
 * Pages of 50 (about 100 points): a shop has a handful of channels, and 250 would request
 * more than a small bucket holds.
 */
export const PUBLICATIONS_QUERY = /* GraphQL */ `
  query Publications($after: String) {
    publications(first: 50, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        catalog {
          title
        }
      }
    }
  }
`;

/**
 * Publishes one product or collection to publications: both are created unpublished. Not
 * publicationUpdate's publishablesToAdd: it refuses app-catalog publications such as the
 * Online Store (CANNOT_MODIFY_APP_CATALOG_PUBLICATION).
 */
export const PUBLISHABLE_PUBLISH = /* GraphQL */ `
  mutation Publish($id: ID!, $input: [PublicationInput!]!) {
    publishablePublish(id: $id, input: $input) {
      ${USER_ERRORS}
    }
  }
`;

// ---- products -------------------------------------------------------------------------------

/**
 * The upsert. `$variantsFirst` is the draft's variant count (<= 250) so the payload costs what
 * the product has, not 250. Variables `$namespace`/`$key` read back the custom ids.
 */
export const PRODUCT_SET = /* GraphQL */ `
  mutation ProductSet(
    $identifier: ProductSetIdentifiers!
    $input: ProductSetInput!
    $namespace: String!
    $key: String!
    $variantsFirst: Int!
  ) {
    productSet(identifier: $identifier, input: $input, synchronous: true) {
      product {
        id
        variants(first: $variantsFirst) { nodes { id metafield(namespace: $namespace, key: $key) { value } } }
      }
      ${CODED_USER_ERRORS}
    }
  }
`;

/**
 * A product's variants a page at a time (a connection gives at most 250 per page; a product may
 * have 2,048 variants): how the ids of a large product's variants are read after its write.
 */
export const PRODUCT_VARIANTS_PAGE = /* GraphQL */ `
  query ProductVariantsPage($id: ID!, $after: String, $namespace: String!, $key: String!) {
    product(id: $id) {
      variants(first: 250, after: $after) {
        nodes {
          id
          metafield(namespace: $namespace, key: $key) {
            value
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

/**
 * The same upsert for bulkOperationRunMutation: each JSONL line carries every variable. The
 * product's own custom id is selected so a result line names its record.
 */
export const PRODUCT_SET_BULK = /* GraphQL */ `
  mutation ProductSetBulk(
    $identifier: ProductSetIdentifiers!
    $input: ProductSetInput!
    $namespace: String!
    $key: String!
  ) {
    productSet(identifier: $identifier, input: $input) {
      product {
        id
        metafield(namespace: $namespace, key: $key) { value }
        variants(first: 250) {
          nodes { id metafield(namespace: $namespace, key: $key) { value } }
          pageInfo { hasNextPage }
        }
      }
      ${CODED_USER_ERRORS}
    }
  }
`;

/**
 * Frees custom ids held by variants that move to another product. metafieldsDelete "still
 * succeeds but returns null" for a metafield that does not exist (2026-10 schema), so a
 * repeat after a crash is harmless.
 */
export const METAFIELDS_DELETE = /* GraphQL */ `
  mutation ReleaseCustomIds($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        ownerId
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/**
 * Variants by SKU across the shop, with their product and both custom ids: finds products made by
 * hand or by another tool before this service would create a duplicate of them. `query` is
 * `sku:"A" OR sku:"B" ...` (Shopify API search syntax, shopify.dev/docs/api/usage/search-syntax:
 * "When a connective is not specified between two terms, AND is implied", hence the explicit OR;
 * the `sku` filter is the one productVariants(query:) lists in the 2026-10 schema). 50 a page:
 * about 5 points a node requested, so a page asks for ~250, which even a small bucket admits.
 */
export const VARIANTS_BY_SKU_QUERY = /* GraphQL */ `
  query VariantsBySku($query: String!, $namespace: String!, $key: String!, $after: String) {
    productVariants(first: 50, after: $after, query: $query) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        sku
        metafield(namespace: $namespace, key: $key) {
          value
        }
        product {
          id
          title
          variantsCount {
            count
          }
          metafield(namespace: $namespace, key: $key) {
            value
          }
        }
      }
    }
  }
`;

/**
 * Our custom ids onto an existing product and its variants (adoption). metafieldsSet sets "up to
 * 25" metafields a call and "is atomic" (2026-10 schema); entries it does not name are left alone,
 * unlike productSet's lists, so the merchant's other metafields survive.
 */
export const METAFIELDS_SET = /* GraphQL */ `
  mutation SetCustomIds($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
      }
      ${CODED_USER_ERRORS}
    }
  }
`;

export const PRODUCT_BY_CUSTOM_ID_QUERY = /* GraphQL */ `
  query ProductByCustomId($identifier: ProductIdentifierInput!) {
    productByIdentifier(identifier: $identifier) {
      id
    }
  }
`;

/**
 * The variants of the product holding a custom id, with their own custom ids: what a write whose
 * answer was lost left in Shopify (their GIDs must go back into productSet, see variant-identity).
 */
export const PRODUCT_VARIANTS_BY_CUSTOM_ID_QUERY = /* GraphQL */ `
  query ProductVariantsByCustomId(
    $identifier: ProductIdentifierInput!
    $namespace: String!
    $key: String!
    $after: String
  ) {
    productByIdentifier(identifier: $identifier) {
      id
      # 50 a page: this runs before every new product is written, and a query is admitted only when
      # the bucket holds its requested cost (2 points a variant here: 250 would ask for ~503, more
      # than a small bucket ever holds). Most products fit in one page; larger ones page on.
      variants(first: 50, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          metafield(namespace: $namespace, key: $key) {
            value
          }
        }
      }
    }
  }
`;

/**
 * Status only, on a product found by id: productSet leaves every field it is not given alone,
 * and an `id` identifier never creates. (productUpdate with a customId identifier would do it
 * in one call from 2026-04, but a lookup keeps "not found" a clean per-record value.)
 */
export const PRODUCT_STATUS_SET = /* GraphQL */ `
  mutation SetProductStatus($identifier: ProductSetIdentifiers!, $input: ProductSetInput!) {
    productSet(identifier: $identifier, input: $input, synchronous: true) {
      product { id }
      ${CODED_USER_ERRORS}
    }
  }
`;

export const VARIANT_PRICES_UPDATE = /* GraphQL */ `
  mutation UpdateVariantPrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants, allowPartialUpdates: true) {
      productVariants { id }
      ${CODED_USER_ERRORS}
    }
  }
`;

/** One line of a bulk price update (bulkOperationRunMutation): one product's changed prices. */
export const VARIANT_PRICES_BULK = /* GraphQL */ `
  mutation UpdateVariantPricesBulk($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants, allowPartialUpdates: true) {
      product { id }
      ${CODED_USER_ERRORS}
    }
  }
`;

// ---- bulk operations ------------------------------------------------------------------------

export const STAGED_UPLOADS_CREATE = /* GraphQL */ `
  mutation StageBulkVariables($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets { url resourceUrl parameters { name value } }
      ${USER_ERRORS}
    }
  }
`;

/**
 * No `groupObjects`: on bulkOperationRunMutation the argument is deprecated in 2026-10 ("This
 * argument has no effect on output order"); result lines are matched by line number here.
 */
export const BULK_MUTATION_RUN = /* GraphQL */ `
  mutation RunBulkMutation($mutation: String!, $stagedUploadPath: String!, $clientIdentifier: String) {
    bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath, clientIdentifier: $clientIdentifier) {
      bulkOperation { id status }
      ${CODED_USER_ERRORS}
    }
  }
`;

export const BULK_QUERY_RUN = /* GraphQL */ `
  mutation RunBulkQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation { id status }
      ${CODED_USER_ERRORS}
    }
  }
`;

export const BULK_OPERATION_QUERY = /* GraphQL */ `
  query BulkOperationState($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      url
      partialDataUrl
    }
  }
`;

/**
 * The bulk export behind listSyncedProducts: products with their custom id, and their variants
 * (child rows carrying `__parentId`; their ids find variants deleted by hand). Bulk queries take
 * no variables, so the custom id's
 * namespace and key are written in (they come from our own configuration, and are checked to be
 * plain identifiers before use).
 */
export function syncedProductsBulkQuery(namespace: string, key: string): string {
  if (!/^[A-Za-z0-9_$.-]+$/.test(namespace) || !/^[A-Za-z0-9_-]+$/.test(key)) {
    throw new Error(
      `custom id namespace/key must be plain identifiers, got ${JSON.stringify(`${namespace}.${key}`)}`,
    );
  }
  return /* GraphQL */ `
    {
      products {
        edges {
          node {
            id
            metafield(namespace: "${namespace}", key: "${key}") { value }
            variants { edges { node { id } } }
          }
        }
      }
    }
  `;
}

/**
 * Resources of one type destroyed since a time, oldest first: a few points a page, where the
 * full listing above is a bulk export of the whole catalogue. `events` replaces the deprecated
 * `deletionEvents` (2026-07, "Use `events` instead"); shopify.dev's own example for deleted
 * products is `events(query: "action:'destroy' AND subject_type:'PRODUCT'")`.
 */
export const DESTROY_EVENTS_QUERY = /* GraphQL */ `
  query DestroyEvents($first: Int!, $after: String, $query: String!) {
    events(first: $first, after: $after, query: $query, sortKey: ID) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ... on BasicEvent {
          action
          subjectType
          subjectId
        }
      }
    }
  }
`;

/** Which of these collections still exist (a deleted one comes back as null). */
export const COLLECTIONS_EXIST_QUERY = /* GraphQL */ `
  query CollectionsExist($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Collection {
        id
      }
    }
  }
`;

// ---- orders ---------------------------------------------------------------------------------

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
  query OrdersPage($first: Int!, $after: String, $query: String!, $lineItemsFirst: Int!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes {
        ${orderSelection(fields)}
        lineItems(first: $lineItemsFirst) {
          pageInfo { hasNextPage endCursor }
          nodes { ...OrderLineItemFields }
        }
      }
    }
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
  query OrderStamps($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        updatedAt
      }
    }
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
        lineItems(first: $lineItemsFirst) {
          pageInfo { hasNextPage endCursor }
          nodes { ...OrderLineItemFields }
        }
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
        pageInfo {
          hasNextPage
          endCursor
        }
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
