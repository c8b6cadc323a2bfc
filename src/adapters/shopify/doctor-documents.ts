/**
 * The read-only queries `doctor` sends (no mutation anywhere in this file). Validated against the
 * vendored 2026-10 schema by test/adapters/shopify/documents.test.ts, like documents.ts.
 */

/** Token, shop, plan, currency and the granted scopes in one request (cost 2 or so). */
export const DOCTOR_SHOP_QUERY = /* GraphQL */ `
  query DoctorShop {
    shop {
      name
      myshopifyDomain
      currencyCode
      plan {
        publicDisplayName
        partnerDevelopment
        shopifyPlus
      }
    }
    currentAppInstallation {
      accessScopes {
        handle
      }
    }
  }
`;

/**
 * Counts without Shopify's default cap of 10,000 (`limit: null`, per the Count fields'
 * descriptions), and the custom-id definitions of each owner type.
 */
export const DOCTOR_CATALOG_QUERY = /* GraphQL */ `
  query DoctorCatalog($namespace: String!, $key: String!) {
    productsCount(limit: null) {
      count
      precision
    }
    productVariantsCount(limit: null) {
      count
      precision
    }
    product: metafieldDefinitions(first: 1, ownerType: PRODUCT, namespace: $namespace, key: $key) {
      nodes {
        type {
          name
        }
      }
    }
    variant: metafieldDefinitions(
      first: 1
      ownerType: PRODUCTVARIANT
      namespace: $namespace
      key: $key
    ) {
      nodes {
        type {
          name
        }
      }
    }
    collection: metafieldDefinitions(
      first: 1
      ownerType: COLLECTION
      namespace: $namespace
      key: $key
    ) {
      nodes {
        type {
          name
        }
      }
    }
  }
`;

/** A sample of products and collections: does anything already use the key without a definition? */
export const DOCTOR_UNSTRUCTURED_QUERY = /* GraphQL */ `
  query DoctorUnstructured($namespace: String!, $key: String!) {
    products(first: 25) {
      nodes {
        metafield(namespace: $namespace, key: $key) {
          id
        }
        variants(first: 4) {
          nodes {
            metafield(namespace: $namespace, key: $key) {
              id
            }
          }
        }
      }
    }
    collections(first: 50) {
      nodes {
        metafield(namespace: $namespace, key: $key) {
          id
        }
      }
    }
  }
`;

export const DOCTOR_PUBLICATIONS_QUERY = /* GraphQL */ `
  query DoctorPublications {
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

/** The newest order's protected fields: redacted or refused without Shopify's approval. */
export const DOCTOR_PROTECTED_DATA_QUERY = /* GraphQL */ `
  query DoctorProtectedData {
    orders(first: 1, sortKey: CREATED_AT, reverse: true) {
      nodes {
        id
        email
        customer {
          firstName
        }
        shippingAddress {
          address1
        }
      }
    }
  }
`;
