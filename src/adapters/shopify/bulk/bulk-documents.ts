/**
 * Documents of the bulk-operation module: staged upload, start, state. Named constants, validated against the vendored Admin schema by
 * test/adapters/shopify/documents.test.ts, so a misspelt field fails the build instead of a run.
 */
import { CODED_USER_ERRORS, USER_ERRORS } from '../user-errors.js';

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

/**
 * The app's recent bulk exports, to find one whose start answer was lost (start-query.ts).
 * `bulkOperations`: "Returns the app's bulk operations meeting the specified filters"; `query`
 * filters by `operation_type` and `created_at` (2026-10 schema).
 */
export const RECENT_BULK_QUERIES = /* GraphQL */ `
  query RecentBulkQueries($search: String!) {
    bulkOperations(first: 50, query: $search) {
      nodes {
        id
        status
        query
        createdAt
      }
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
