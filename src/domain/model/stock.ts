/**
 * One stock level as API X publishes it: physical units of one variant in one warehouse, not
 * yet shipped (docs/api-x.openapi.yaml, StockLevel). Shopify's on_hand is the same quantity;
 * Shopify subtracts its own unfulfilled orders from it to get what it may still sell.
 */
export interface StockLevel {
  readonly variantExternalId: string;
  readonly warehouseId: string;
  readonly onHand: number;
  readonly updatedAt: string;
}

/** A Shopify location as the stock sync needs it. */
export interface ShopLocation {
  readonly id: string;
  readonly name: string;
  readonly isActive: boolean;
}
