/**
 * The cursor paging that the search reads share (orders by update time, destroy events): one
 * page of a connection matching a search string, in a fixed sort order, with the `pageInfo` that
 * `pageInfo()` in graphql-values.ts reads. Written once so the documents cannot drift apart.
 */

/** What `pageInfo()` reads from a connection. */
export const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

/** The variables of a paged search: page size, the cursor to continue after, the search. */
export const PAGED_SEARCH_VARIABLES = '$first: Int!, $after: String, $query: String!';

/** One page of `connection` matching `$query`, sorted by `sortKey`, selecting `nodes` of each. */
export function pagedSearch(connection: string, sortKey: string, nodes: string): string {
  return `${connection}(first: $first, after: $after, query: $query, sortKey: ${sortKey}) {
      ${PAGE_INFO}
      nodes {
        ${nodes}
      }
    }`;
}
