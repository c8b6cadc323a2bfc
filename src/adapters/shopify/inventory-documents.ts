/** GraphQL documents of the stock sync (Admin API 2026-10). */

export const LOCATIONS = `query Locations($after: String) {
  locations(first: 100, after: $after, includeInactive: true) {
    nodes { id name isActive }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Variants per request: 10 items x 20 levels keeps the requested cost near 300 points. */
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
        }
      }
    }
  }
}`;

export const TRACK_ITEM = `mutation TrackItem($id: ID!) {
  inventoryItemUpdate(id: $id, input: { tracked: true }) {
    inventoryItem { id tracked }
    userErrors { field message }
  }
}`;

// Both mutations require @idempotent from 2026-04 on (their schema descriptions; FIELD-NOTES).
export const ACTIVATE = `mutation Activate($item: ID!, $location: ID!, $key: String!) {
  inventoryActivate(inventoryItemId: $item, locationId: $location) @idempotent(key: $key) {
    inventoryLevel { id }
    userErrors { field message }
  }
}`;

export const SET_ON_HAND = `mutation SetOnHand($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;
