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

export const TRACK_ITEM = `mutation TrackItem($id: ID!) {
  inventoryItemUpdate(id: $id, input: { tracked: true }) {
    inventoryItem { id tracked }
    userErrors { field message }
  }
}`;

/**
 * Stocks one item at several locations in one call ("instead of having to call inventoryActivate
 * ... for each location", https://shopify.dev/changelog/new-mutation-inventorybulktoggleactivation-now-available;
 * at most 250 locations per call). Its description documents no idempotency support, and the
 * directive is "only supported on mutations that explicitly document" it [schema: @idempotent];
 * activating a level that is already stocked changes nothing, so a retry is harmless anyway.
 */
export const ACTIVATE_AT = `mutation ActivateAt($item: ID!, $updates: [InventoryBulkToggleActivationInput!]!) {
  inventoryBulkToggleActivation(inventoryItemId: $item, inventoryItemUpdates: $updates) {
    inventoryLevels { id }
    userErrors { field message code }
  }
}`;

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
