import type { ShopLocations } from './shop-locations.js';

/** A variant's inventory item as Shopify holds it, with on hand at every location stocking it. */
export interface InventoryItemState {
  readonly itemId: string;
  readonly tracked: boolean;
  /** On hand by location GID; a location missing here does not stock the item (not activated). */
  readonly onHand: ReadonlyMap<string, number>;
}

/**
 * Items by variant GID, looked up one at a time. A Map is one; the reconcile's export is another
 * that keeps 100,000 items compact and builds each item's state when asked.
 */
export interface InventoryItemLookup {
  readonly size: number;
  has(variantId: string): boolean;
  get(variantId: string): InventoryItemState | undefined;
}

/** One absolute on-hand write, with the quantity we expect Shopify to hold now (compare-and-set). */
export interface OnHandWrite {
  readonly itemId: string;
  readonly locationId: string;
  readonly onHand: number;
  readonly changeFrom: number;
}

export type SetOnHandResult =
  | { readonly ok: true }
  /**
   * Nothing was written: `stale` are indices whose changeFrom may no longer match (all of them
   * when Shopify's stale error named no line); `errors` others.
   */
  | {
      readonly ok: false;
      readonly stale: readonly number[];
      readonly errors: readonly {
        readonly index: number | null;
        readonly code: string | null;
        readonly message: string;
      }[];
    };

/** Shopify's locations, inventory items and levels, as the stock sync reads and writes them. */
export interface ShopifyInventory extends ShopLocations {
  /** The inventory items of these variant GIDs (absent: the variant is gone from Shopify). */
  items(
    variantIds: readonly string[],
    signal: AbortSignal,
  ): Promise<Map<string, InventoryItemState>>;
  /** Turns tracking on for these items (Shopify counts stock only for tracked items). */
  track(itemIds: readonly string[], signal: AbortSignal): Promise<void>;
  /**
   * Stocks each item at its locations, on hand 0 at each. Returns Shopify's refusals (codes and
   * messages) by item id: a refused item is taken to be stocked at none of its locations; an
   * item absent from the answer is stocked at all of them.
   */
  activate(
    requests: readonly { readonly itemId: string; readonly locationIds: readonly string[] }[],
    signal: AbortSignal,
  ): Promise<Map<string, string>>;
  /** Sets on hand with compare-and-set, all or nothing, under one idempotency key. */
  setOnHand(
    writes: readonly OnHandWrite[],
    meta: { readonly referenceDocumentUri: string; readonly idempotencyKey: string },
    signal: AbortSignal,
  ): Promise<SetOnHandResult>;
}
