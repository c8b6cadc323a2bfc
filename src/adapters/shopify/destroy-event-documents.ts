import { PAGED_SEARCH_VARIABLES, pagedSearch } from './paged-search.js';

/**
 * Shopify's destroy events, read for hand-deleted products and collections and for deleted orders (destroy-events.ts). Named constants, validated against the vendored Admin schema by
 * test/adapters/shopify/documents.test.ts, so a misspelt field fails the build instead of a run.
 */
/**
 * Resources of one type destroyed since a time, oldest first: a few points a page, where the
 * full listing above is a bulk export of the whole catalogue. `events` replaces the deprecated
 * `deletionEvents` (2026-07, "Use `events` instead"); shopify.dev's own example for deleted
 * products is `events(query: "action:'destroy' AND subject_type:'PRODUCT'")`.
 */
export const DESTROY_EVENTS_QUERY = /* GraphQL */ `
  query DestroyEvents(${PAGED_SEARCH_VARIABLES}) {
    ${pagedSearch('events', 'ID', 'createdAt ... on BasicEvent { action subjectType subjectId }')}
  }
`;
