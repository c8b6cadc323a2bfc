/**
 * The Admin GraphQL documents the shared e2e scenarios (catalog-scenario.ts, orders-scenario.ts)
 * send to read Shopify back and to set up and clean up: the same documents against the simulator
 * and against a real development store, so an assertion reads what a merchant's admin would see,
 * never simulator internals. test/live/scenario-documents.test.ts validates every one against the
 * vendored 2026-10 schema and rejects deprecated fields.
 */

/** The guard rail's evidence: is this a partner development store (ShopPlan.partnerDevelopment)? */
export const SHOP_FACTS = /* GraphQL */ `
  query ScenarioShopFacts {
    shop {
      myshopifyDomain
      currencyCode
      plan {
        partnerDevelopment
        publicDisplayName
      }
    }
    publications(first: 50) {
      nodes {
        id
        catalog {
          title
        }
      }
    }
  }
`;

/** One synced product by its custom id, with everything the catalogue scenario asserts. */
export const PRODUCT_BY_CUSTOM_ID = /* GraphQL */ `
  query ScenarioProduct($namespace: String!, $key: String!, $value: String!, $publicationId: ID!) {
    productByIdentifier(
      identifier: { customId: { namespace: $namespace, key: $key, value: $value } }
    ) {
      id
      title
      vendor
      status
      updatedAt
      customId: metafield(namespace: $namespace, key: $key) {
        value
      }
      publishedOnPublication(publicationId: $publicationId)
      variants(first: 20) {
        nodes {
          sku
          price
          updatedAt
        }
      }
      collections(first: 20) {
        nodes {
          id
        }
      }
    }
  }
`;

/** One synced collection by its custom id. */
export const COLLECTION_BY_CUSTOM_ID = /* GraphQL */ `
  query ScenarioCollection(
    $namespace: String!
    $key: String!
    $value: String!
    $publicationId: ID!
  ) {
    collectionByIdentifier(
      identifier: { customId: { namespace: $namespace, key: $key, value: $value } }
    ) {
      id
      title
      updatedAt
      customId: metafield(namespace: $namespace, key: $key) {
        value
      }
      publishedOnPublication(publicationId: $publicationId)
    }
  }
`;

/**
 * Products left by an interrupted earlier run, found by the scenario's vendor; the cleanup deletes
 * only those whose custom id also carries the scenario marker.
 */
export const PRODUCTS_BY_VENDOR = /* GraphQL */ `
  query ScenarioProductsByVendor($query: String!, $namespace: String!, $key: String!) {
    products(first: 100, query: $query) {
      nodes {
        id
        vendor
        customId: metafield(namespace: $namespace, key: $key) {
          value
        }
      }
    }
  }
`;

/** Collections left by an interrupted earlier run, found by title; filtered by custom id too. */
export const COLLECTIONS_BY_TITLE = /* GraphQL */ `
  query ScenarioCollectionsByTitle($query: String!, $namespace: String!, $key: String!) {
    collections(first: 100, query: $query) {
      nodes {
        id
        title
        customId: metafield(namespace: $namespace, key: $key) {
          value
        }
      }
    }
  }
`;

/** Whether the custom-id definitions exist, so the cleanup removes only the ones a run created. */
export const CUSTOM_ID_DEFINITIONS = /* GraphQL */ `
  query ScenarioDefinitions($namespace: String!, $key: String!) {
    product: metafieldDefinitions(first: 1, ownerType: PRODUCT, namespace: $namespace, key: $key) {
      nodes {
        id
      }
    }
    variant: metafieldDefinitions(
      first: 1
      ownerType: PRODUCTVARIANT
      namespace: $namespace
      key: $key
    ) {
      nodes {
        id
      }
    }
    collection: metafieldDefinitions(
      first: 1
      ownerType: COLLECTION
      namespace: $namespace
      key: $key
    ) {
      nodes {
        id
      }
    }
  }
`;

export const PRODUCT_DELETE = /* GraphQL */ `
  mutation ScenarioProductDelete($id: ID!) {
    productDelete(input: { id: $id }) {
      deletedProductId
      userErrors {
        field
        message
      }
    }
  }
`;

export const COLLECTION_DELETE = /* GraphQL */ `
  mutation ScenarioCollectionDelete($id: ID!) {
    collectionDelete(input: { id: $id }) {
      deletedCollectionId
      userErrors {
        field
        message
      }
    }
  }
`;

/**
 * Removes a custom-id definition the scenario's run created (never one that existed before).
 * `deleteAllAssociatedMetafields: true` is required for an `id` definition
 * (MetafieldDefinitionDeleteUserErrorCode.ID_TYPE_DELETION_ERROR), and takes nothing else along:
 * the definition did not exist before the run, and its creation would have failed had metafields
 * with the key existed (UNSTRUCTURED_ALREADY_EXISTS), so the only ones were the run's own.
 */
export const DEFINITION_DELETE = /* GraphQL */ `
  mutation ScenarioDefinitionDelete($id: ID!) {
    metafieldDefinitionDelete(id: $id, deleteAllAssociatedMetafields: true) {
      deletedDefinitionId
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** One order with everything the orders scenario compares with what API X received. */
export const ORDER_BY_ID = /* GraphQL */ `
  query ScenarioOrder($id: ID!) {
    order(id: $id) {
      id
      name
      test
      currencyCode
      updatedAt
      cancelledAt
      cancelReason
      totalPriceSet {
        shopMoney {
          amount
          currencyCode
        }
      }
      lineItems(first: 20) {
        nodes {
          title
          quantity
          sku
          originalUnitPriceSet {
            shopMoney {
              amount
              currencyCode
            }
          }
        }
      }
    }
  }
`;

/**
 * A test order, as "orderCreate"
 * documents for orders made outside checkout ("a trial or development store ... can create a
 * maximum of five new orders per minute", orderCreate description, 2026-10). `test: true`
 * ("Whether this is a test order") keeps it out of the shop's sales; no receipt is sent.
 */
export const ORDER_CREATE = /* GraphQL */ `
  mutation ScenarioOrderCreate($order: OrderCreateOrderInput!) {
    orderCreate(order: $order, options: { sendReceipt: false, sendFulfillmentReceipt: false }) {
      order {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/**
 * Cancels the test order (the update the scenario checks arrives in API X). No refund
 * (`refundMethod`; `refund` is deprecated: "Use `refundMethod` instead"), no restock, no
 * notification; the payload's `job` says cancellation runs asynchronously.
 */
export const ORDER_CANCEL = /* GraphQL */ `
  mutation ScenarioOrderCancel($id: ID!) {
    orderCancel(
      orderId: $id
      reason: OTHER
      refundMethod: { originalPaymentMethodsRefund: false }
      restock: false
      notifyCustomer: false
      staffNote: "integration-service live verification"
    ) {
      job {
        id
      }
      orderCancelUserErrors {
        field
        message
        code
      }
    }
  }
`;

/**
 * Removes the cancelled test order. "You can only delete specific order types"
 * (orderDelete description); help.shopify.com/manual/orders/cancel-delete-order lists orders
 * created through the API among them, once cancelled or archived.
 */
export const ORDER_DELETE = /* GraphQL */ `
  mutation ScenarioOrderDelete($id: ID!) {
    orderDelete(orderId: $id) {
      deletedId
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/**
 * Whether the orders search already lists an order at (or after) a given update: Shopify's
 * search-backed listings can trail a write, and sync-orders reads through them, so a scenario
 * waits for this before it runs the job (the simulator lists at once).
 */
export const ORDER_LISTED = /* GraphQL */ `
  query ScenarioOrderListed($query: String!) {
    orders(first: 1, query: $query) {
      nodes {
        id
        updatedAt
      }
    }
  }
`;
