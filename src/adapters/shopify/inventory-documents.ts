/** GraphQL documents of the stock sync (Admin API 2026-10). */

export const LOCATIONS = `query Locations($after: String) {
  locations(first: 100, after: $after, includeInactive: true) {
    nodes { id name isActive }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Variants per request: 10 items x 20 levels requests 650 points (65 per id), a third of a Standard bucket. */
export const ITEMS_PER_REQUEST = 10;

export const INVENTORY_ITEMS = `query InventoryItems($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on ProductVariant {
      id
      inventoryItem {
        id
        tracked
        inventoryLevels(first: 20) {
          nodes { location { id } quantities(names: ["on_hand"]) { name quantity } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
}`;

/**
 * The rest of an item's levels, when it is stocked at more locations than INVENTORY_ITEMS reads:
 * a location missing from the read is taken for "not stocked", so every page must be read.
 */
export const ITEM_LEVELS = `query ItemLevels($id: ID!, $after: String) {
  inventoryItem(id: $id) {
    inventoryLevels(first: 100, after: $after) {
      nodes { location { id } quantities(names: ["on_hand"]) { name quantity } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/**
 * Items per aliased tracking or activation request. Shopify charges a mutation per invocation,
 * not per request: "If you use GraphQL aliases to send multiple mutations in a single request,
 * the base cost of 10 is charged for each alias"
 * (https://shopify.dev/changelog/dynamic-complexity-cost-for-metafieldsset-mutation). So one
 * request for many items costs what one request per item did, in a fiftieth of the requests:
 * 50 x 11 = 550 requested points, under the 1,000 a single query may cost and a quarter of a
 * Standard bucket.
 */
export const ITEMS_PER_MUTATION_REQUEST = 50;

/** The alias of the i-th mutation of an aliased request. */
export const aliasOf = (i: number) => `m${i}`;

/**
 * The payloads select only `userErrors`: every object selected is a point more per alias
 * ("Object: 1", https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits), and
 * nothing else in them is used.
 */
function aliased(
  name: string,
  params: string,
  call: (i: number) => string,
  errors: string,
  n: number,
): string {
  const vars = Array.from({ length: n }, (_, i) => params.replaceAll('#', String(i)));
  const fields = Array.from(
    { length: n },
    (_, i) => `  ${aliasOf(i)}: ${call(i)} { userErrors { ${errors} } }`,
  );
  return `mutation ${name}(${vars.join(', ')}) {\n${fields.join('\n')}\n}`;
}

const memo = <T>(build: (n: number) => T) => {
  const built = new Map<number, T>();
  return (n: number): T => {
    let doc = built.get(n);
    if (doc === undefined) built.set(n, (doc = build(n)));
    return doc;
  };
};

/** `inventoryItemUpdate(tracked: true)` for n items, variables `$id0..$id{n-1}`. */
export const trackItemsDocument = memo((n) =>
  aliased(
    'TrackItems',
    '$id#: ID!',
    (i) => `inventoryItemUpdate(id: $id${i}, input: { tracked: true })`,
    'field message',
    n,
  ),
);

/**
 * Stocks n items, each at several locations, one inventoryBulkToggleActivation per item
 * ("instead of having to call inventoryActivate ... for each location",
 * https://shopify.dev/changelog/new-mutation-inventorybulktoggleactivation-now-available; at
 * most 250 locations per call); variables `$item0`, `$updates0`, ... Its description documents
 * no idempotency support, and the directive is "only supported on mutations that explicitly
 * document" it [schema: @idempotent]; activating a level that is already stocked changes
 * nothing, so a retry is harmless anyway.
 */
export const activateItemsDocument = memo((n) =>
  aliased(
    'ActivateItems',
    '$item#: ID!, $updates#: [InventoryBulkToggleActivationInput!]!',
    (i) =>
      `inventoryBulkToggleActivation(inventoryItemId: $item${i}, inventoryItemUpdates: $updates${i})`,
    'field message code',
    n,
  ),
);

/** Locations per inventoryBulkToggleActivation call (the changelog above). */
export const LOCATIONS_PER_ACTIVATION = 250;

// inventorySetQuantities requires @idempotent from 2026-04 on (its schema description; FIELD-NOTES).
export const SET_ON_HAND = `mutation SetOnHand($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;

/**
 * The reconcile's read of every variant's item and on hand, as one bulk export. Two connections
 * (productVariants, and inventoryLevels nested under each variant's item), within the documented
 * limits: "up to five connections with a maximum nesting depth of two levels" [schema:
 * bulkOperationRunQuery]; each level comes back as its own JSONL line naming its variant in
 * `__parentId` ("nested connections", https://shopify.dev/docs/api/usage/bulk-operations/queries).
 * Levels at unmapped locations are dropped by the reader (inventoryLevels takes no location filter).
 */
export const INVENTORY_LEVELS_BULK = `{
  productVariants {
    edges {
      node {
        id
        inventoryItem {
          id
          tracked
          inventoryLevels {
            edges { node { location { id } quantities(names: ["on_hand"]) { name quantity } } }
          }
        }
      }
    }
  }
}`;
