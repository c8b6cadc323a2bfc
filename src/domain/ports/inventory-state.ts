/**
 * What Shopify was last known to hold for one variant in one warehouse's location: confirmed by
 * our write or read, or written short of API X's copy (its `onHand` is then below the copy's,
 * and `sourceUpdatedAt` the copy's; write-stock-levels.ts).
 */
export interface SentLevel {
  readonly variantExternalId: string;
  readonly warehouseId: string;
  readonly locationId: string;
  readonly onHand: number;
  readonly sourceUpdatedAt: string;
  /**
   * The variant GID and its inventory item the level was written to; null in rows from before
   * they were kept. With them a later change is written without reading Shopify first.
   */
  readonly variantId: string | null;
  readonly itemId: string | null;
}

/** How a variant external id stands in the catalogue state (the catalogue job's mappings). */
export type VariantStanding =
  | { readonly kind: 'mapped'; readonly variantId: string }
  /** API X's catalogue has it (its price was read) but Shopify does not yet: it waits. */
  | { readonly kind: 'waiting' }
  /** Not in the catalogue state at all: new since the catalogue job's last read, or bogus. */
  | { readonly kind: 'unknown' };

/** The stock sync's memory in Postgres: what was sent, and where incremental reads resume. */
export interface InventoryState {
  variants(externalIds: readonly string[]): Promise<Map<string, VariantStanding>>;
  /** When the last successful sync-to-shopify run started reading API X; null if never. */
  catalogueReadAt(): Promise<string | null>;
  /** Keyed `variantExternalId + '\u0000' + warehouseId`. */
  sent(keys: readonly LevelKey[]): Promise<Map<string, SentLevel>>;
  saveSent(levels: readonly SentLevel[]): Promise<void>;
  /**
   * Up to `limit` levels remembered as sent, in order of variant external id then warehouse id,
   * after `after` (null: from the first). Paged with keysetPages.
   */
  sentAfter(after: LevelKey | null, limit: number): Promise<readonly SentLevel[]>;
  /**
   * Of these variants, those API X's catalogue listed at the catalogue job's last read (their
   * price was staged): a variant gone upstream has no stock record to expect either.
   */
  catalogued(variantExternalIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** A named instant kept between runs ('read-since', 'reconciled-at'); null when never set. */
  mark(name: string): Promise<string | null>;
  saveMark(name: string, value: string): Promise<void>;
}

/** One variant's level in one warehouse, as API X names it. */
export interface LevelKey {
  readonly variantExternalId: string;
  readonly warehouseId: string;
}

export const sentKey = (variantExternalId: string, warehouseId: string): string =>
  `${variantExternalId}\u0000${warehouseId}`;
