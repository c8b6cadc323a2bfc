import type { InventoryItemLookup } from './shopify-inventory.js';

/** Every variant's inventory item and on hand, read in one go (the reconcile's read). */
export interface ShopifyLevelsExport {
  /**
   * Items by variant GID, with on hand only at `locationIds`; null when the export cannot run
   * now (another bulk operation holds the slot): the caller reads the slow way.
   */
  exportLevels(
    locationIds: ReadonlySet<string>,
    signal: AbortSignal,
  ): Promise<InventoryItemLookup | null>;
}
