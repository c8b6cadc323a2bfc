/**
 * Stock levels to check again. A fulfilment the shipment step creates (or cancels) moves
 * Shopify's on hand at its location, by units API X took off its own on hand when it shipped
 * (or put back). The stock sync's memory of such a level (what it last wrote or confirmed) then
 * no longer says what Shopify holds, and when the stock sync had already written API X's
 * post-shipment on hand, Shopify has subtracted the units twice while the memory still looks
 * confirmed. A mark makes the next sync-inventory run read the level in both systems again.
 */

/** A level marked for a recheck, as the stock sync's memory holds it. */
export interface StockRecheck {
  readonly variantExternalId: string;
  readonly warehouseId: string;
  /**
   * The `updatedAt` of API X's copy last remembered for the level: API X's level now is that
   * copy or a newer one, so a read from this instant finds it again.
   */
  readonly sourceUpdatedAt: string;
  /** The variant GID the memory is about (the level's inventory item in Shopify). */
  readonly variantId: string;
  /** The mark, exactly as stored: settling clears this mark and leaves a later one. */
  readonly markedAt: string;
}

/** The shipment step's side: a fulfilment we made or cancelled moved these levels in Shopify. */
export interface StockRecheckMarks {
  /**
   * Marks the remembered levels of these variants at this location; a level the stock sync
   * never wrote has no memory to correct and is not marked.
   */
  mark(variantIds: readonly string[], locationId: string): Promise<void>;
}

/** The stock sync's side: the marks to check, and clearing those checked. */
export interface StockRechecks {
  due(): Promise<StockRecheck[]>;
  /** Clears these marks, unless marked again since they were read (`markedAt` differs). */
  settle(rechecks: readonly StockRecheck[]): Promise<void>;
}

/**
 * The marks left after a stock run: levels whose write kept failing (kept for the next run) and
 * marks made during the run. Pushed as metrics, so a recheck that never happens is seen.
 */
export interface StockRecheckBacklog {
  waiting(): Promise<{ readonly count: number; readonly oldestMarkedAt: Date | null }>;
}
