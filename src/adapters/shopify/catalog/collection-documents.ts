/**
 * Documents of the collections port (collections.ts). Named constants, validated against the vendored Admin schema by
 * test/adapters/shopify/documents.test.ts, so a misspelt field fails the build instead of a run.
 */
import { USER_ERRORS } from '../user-errors.js';

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
