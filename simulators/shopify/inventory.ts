/**
 * Locations, inventory items and levels in the simulated shop, with the mutations a stock sync
 * uses. Sources, cited next to each behaviour:
 * - [schema] the vendored Admin API 2026-10 schema (simulators/shopify/admin-schema/admin_2026-10.json.gz):
 *   descriptions of inventorySetQuantities, InventoryQuantityInput, InventorySetQuantitiesInput,
 *   InventorySetQuantitiesUserErrorCode, inventoryActivate, Location, InventoryItem.
 * - [states] https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps/manage-quantities-states
 *   and https://shopify.dev/docs/apps/fulfillment/inventory-management-apps ("Shopify decrements the
 *   available inventory quantity for product variants that are included in an order, and
 *   increments the committed inventory quantity for the order. After the order is fulfilled,
 *   Shopify decrements the committed inventory quantity."), and the states table of
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/InventoryQuantity (name: "on_hand
 *   ... equals the sum of inventory quantities that are in the available, committed and
 *   unavailable states"; "committed: the number of units that are part of a placed order but
 *   aren't fulfilled").
 * - [idem] https://shopify.dev/changelog/making-idempotency-mandatory-for-inventory-adjustments-and-refund-mutations
 * - [toggle] https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventoryBulkToggleActivation
 *   and https://shopify.dev/changelog/new-mutation-inventorybulktoggleactivation-now-available
 *   ("bulk activate or deactivate a single inventory item at many locations, with a maximum of
 *   250 locations at a time").
 *   and https://shopify.dev/docs/api/usage/implementing-idempotency.
 * Where they are silent the stricter reading is taken, and said so.
 */
// Split by concern (move only): the book and its pure operations, the views, the
// idempotency directive, the mutations, inventorySetQuantities, and in-process inspection.
export {
  commitOrderLines,
  moveCommitment,
  moveFulfilledUnits,
  createInventoryBook,
  editOnHandByHand,
  levelSnapshot,
  type AdjustmentRecord,
  type InventoryBook,
  type LevelRecord,
  type LevelSnapshot,
  type LocationRecord,
} from './inventory-book.js';
export { inventoryItemView, inventoryNode, inventoryQueries } from './inventory-views.js';
export { inventoryMutations } from './inventory-mutations.js';
export { inspectInventory, type InventoryInspection } from './inventory-inspection.js';
