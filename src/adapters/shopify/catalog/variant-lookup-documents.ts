/**
 * Documents of the variant lookup port (variant-lookup.ts): products made outside this service. Named constants, validated against the vendored Admin schema by
 * test/adapters/shopify/documents.test.ts, so a misspelt field fails the build instead of a run.
 */
import { CODED_USER_ERRORS } from '../user-errors.js';

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
