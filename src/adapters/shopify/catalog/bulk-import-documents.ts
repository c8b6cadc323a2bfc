/**
 * The mutations a bulk import runs once per JSONL line (bulk-imports.ts). Named constants, validated against the vendored Admin schema by
 * test/adapters/shopify/documents.test.ts, so a misspelt field fails the build instead of a run.
 */
import { CODED_USER_ERRORS } from '../user-errors.js';

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

/** One line of a bulk price update (bulkOperationRunMutation): one product's changed prices. */
export const VARIANT_PRICES_BULK = /* GraphQL */ `
  mutation UpdateVariantPricesBulk($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants, allowPartialUpdates: true) {
      product { id }
      ${CODED_USER_ERRORS}
    }
  }
`;
