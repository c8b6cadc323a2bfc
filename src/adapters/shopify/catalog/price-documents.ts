/**
 * Documents of the prices port (prices.ts). Named constants, validated against the vendored Admin schema by
 * test/adapters/shopify/documents.test.ts, so a misspelt field fails the build instead of a run.
 */
import { CODED_USER_ERRORS } from '../user-errors.js';

export const VARIANT_PRICES_UPDATE = /* GraphQL */ `
  mutation UpdateVariantPrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants, allowPartialUpdates: true) {
      productVariants { id }
      ${CODED_USER_ERRORS}
    }
  }
`;
