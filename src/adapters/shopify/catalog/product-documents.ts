/**
 * Documents of the products port (products.ts, variant-ids.ts). Named constants, validated against the vendored Admin schema by
 * test/adapters/shopify/documents.test.ts, so a misspelt field fails the build instead of a run.
 */
import { CODED_USER_ERRORS } from '../user-errors.js';

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
