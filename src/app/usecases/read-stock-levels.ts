import type {
  InventoryItemLookup,
  InventoryItemState,
  ShopifyInventory,
} from '../../domain/ports/shopify-inventory.js';
import type { PendingLevel } from './select-stock-changes.js';
import type { StepContext } from './step-context.js';
import { stockError } from './stock-feed.js';

/** A level ready to send: its item and the on hand Shopify is expected to hold (compare-and-set). */
export interface ReadyLevel {
  readonly pending: PendingLevel;
  readonly itemId: string;
  readonly changeFrom: number;
  /** The item and expected quantity came from Postgres, not from a read of Shopify. */
  readonly fromMemory: boolean;
}

/**
 * The write of a level from what Shopify last confirmed, without reading Shopify: possible when
 * the row names the item, the variant is the one still mapped (a variant recreated by hand has
 * another item) and the location is the one still mapped. Null: Shopify must be read.
 */
export function fromMemory(p: PendingLevel): ReadyLevel | null {
  const sent = p.sent;
  if (!sent || sent.itemId === null) return null;
  if (sent.variantId !== p.variantId || sent.locationId !== p.locationId) return null;
  return { pending: p, itemId: sent.itemId, changeFrom: sent.onHand, fromMemory: true };
}

export interface ReadOutcome {
  /** Levels Shopify holds at another quantity than API X's: to write. */
  readonly ready: ReadyLevel[];
  /** Levels Shopify already holds at API X's quantity: nothing to write. */
  readonly confirmed: ReadyLevel[];
  /** Levels Shopify held at a quantity we neither confirmed nor are writing (hand edits, orders). */
  readonly drifted: PendingLevel[];
}

/**
 * Reads what Shopify holds for these levels (new to us, answered as stale, or being reconciled),
 * tracking each item and stocking it where it is not yet (one activation per item for all its
 * locations; all the batch's items in a few requests). `done` remembers, per batch, what was tracked or activated already. `known`:
 * items already read (the reconcile's bulk export); variants it lacks are read page by page.
 */
export async function readStockLevels(
  ctx: StepContext,
  shopify: ShopifyInventory,
  todo: readonly PendingLevel[],
  done: Set<string>,
  known?: InventoryItemLookup,
): Promise<ReadOutcome> {
  const variantIds = [...new Set(todo.map((p) => p.variantId))];
  const unknown = known ? variantIds.filter((id) => !known.has(id)) : variantIds;
  const items =
    unknown.length > 0
      ? await shopify.items(unknown, ctx.signal)
      : new Map<string, InventoryItemState>();
  for (const id of variantIds) {
    const item = known?.get(id);
    if (item) items.set(id, item);
  }
  const present: PendingLevel[] = [];
  const untracked: string[] = [];
  const missing = new Map<string, Set<string>>();
  for (const p of todo) {
    const item = items.get(p.variantId);
    if (!item) {
      await ctx.recordError(
        stockError(
          p.level,
          'variantId',
          `Shopify has no variant ${p.variantId} any more (deleted by hand?); sync-to-shopify creates it again`,
        ),
      );
      continue;
    }
    present.push(p);
    if (!item.tracked && !done.has(item.itemId)) {
      untracked.push(item.itemId);
      done.add(item.itemId);
    }
    const pair = `${item.itemId}@${p.locationId}`;
    if (!item.onHand.has(p.locationId) && !done.has(pair)) {
      missing.set(item.itemId, (missing.get(item.itemId) ?? new Set()).add(p.locationId));
      done.add(pair);
    }
  }
  // Many items per request (aliased mutations, inventory-documents.ts). A refusal holds back
  // that item's levels at those locations (a record error each); the other items, and this
  // item's levels where it is stocked already, go on.
  if (untracked.length > 0) await shopify.track(untracked, ctx.signal);
  const refusals = new Map<string, string>();
  if (missing.size > 0) {
    const refused = await shopify.activate(
      [...missing].map(([itemId, locations]) => ({ itemId, locationIds: [...locations] })),
      ctx.signal,
    );
    for (const [itemId, refusal] of refused)
      for (const locationId of missing.get(itemId) ?? [])
        refusals.set(`${itemId}@${locationId}`, refusal);
  }

  const out: ReadOutcome = { ready: [], confirmed: [], drifted: [] };
  for (const p of present) {
    const item = items.get(p.variantId);
    if (!item) continue;
    const refusal = refusals.get(`${item.itemId}@${p.locationId}`);
    if (refusal !== undefined) {
      await ctx.recordError(stockError(p.level, 'warehouseId', refusal));
      continue;
    }
    // Just stocked: on hand 0 (inventoryActivate's description: quantities default to zero).
    const current = item.onHand.get(p.locationId) ?? 0;
    if (p.sent && current !== p.sent.onHand && current !== p.level.onHand) out.drifted.push(p);
    const ready = { pending: p, itemId: item.itemId, changeFrom: current, fromMemory: false };
    (current === p.level.onHand ? out.confirmed : out.ready).push(ready);
  }
  return out;
}
