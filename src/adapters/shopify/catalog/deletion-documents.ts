/**
 * Documents of the deletions port (deletions.ts): the complete listing and which collections still exist. Named constants, validated against the vendored Admin schema by
 * test/adapters/shopify/documents.test.ts, so a misspelt field fails the build instead of a run.
 */
/**
 * The bulk export behind listSyncedProducts: products with their custom id, and their variants
 * (child rows carrying `__parentId`; their ids find variants deleted by hand). Bulk queries take
 * no variables, so the custom id's
 * namespace and key are written in (they come from our own configuration, and are checked to be
 * plain identifiers before use). An app-owned namespace is `$app:<suffix>`
 * (shopify.dev/docs/apps/build/custom-data/ownership), so ':' is allowed; quotes, braces and
 * spaces, which could end the string, are not.
 */
export function syncedProductsBulkQuery(namespace: string, key: string): string {
  if (!/^[A-Za-z0-9_$.:-]+$/.test(namespace) || !/^[A-Za-z0-9_-]+$/.test(key)) {
    throw new Error(
      `custom id namespace/key must be plain identifiers, got ${JSON.stringify(`${namespace}.${key}`)}`,
    );
  }
  return /* GraphQL */ `
    {
      products {
        edges {
          node {
            id
            metafield(namespace: "${namespace}", key: "${key}") { value }
            variants { edges { node { id } } }
          }
        }
      }
    }
  `;
}

/** Which of these collections still exist (a deleted one comes back as null). */
export const COLLECTIONS_EXIST_QUERY = /* GraphQL */ `
  query CollectionsExist($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Collection {
        id
      }
    }
  }
`;
