/**
 * Documents of the publications port (publications.ts): sales channels. Named constants, validated against the vendored Admin schema by
 * test/adapters/shopify/documents.test.ts, so a misspelt field fails the build instead of a run.
 */
import { USER_ERRORS } from '../user-errors.js';

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

/**
 * The same publishing as one line of a bulk import (bulkOperationRunMutation): each JSONL line
 * carries `id` and `input`. publishablePublish is on the bulk import guide's list of supported
 * mutations (https://shopify.dev/docs/api/usage/bulk-operations/imports, Limitations), and a
 * bulk operation is not paced by the cost bucket: 100k products publish without 100k regular
 * mutations (about 1.1M points, 3 hours at a Standard store's 100 points/s).
 */
export const PUBLISHABLE_PUBLISH_BULK = /* GraphQL */ `
  mutation PublishBulk($id: ID!, $input: [PublicationInput!]!) {
    publishablePublish(id: $id, input: $input) {
      ${USER_ERRORS}
    }
  }
`;
