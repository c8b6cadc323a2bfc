/** One INVENTORY_LOCATIONS entry: an API X warehouse and the Shopify location (GID or name). */
export interface LocationMapEntry {
  readonly warehouseId: string;
  readonly location: string;
}
