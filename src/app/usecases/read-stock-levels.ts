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
  /** The quantity to write: API X's, or less when Shopify moved after the read (overwriteTarget). */
  readonly onHand: number;
  /** What Shopify was known to hold before this run read API X; undefined: never known. */
  readonly base: number | undefined;
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
  return {
    pending: p,
    itemId: sent.itemId,
    changeFrom: sent.onHand,
    onHand: p.level.onHand,
    base: sent.onHand,
    fromMemory: true,
  };
}

export interface ReadOutcome {
  /** Levels Shopify holds at another quantity than API X's: to write. */
  readonly ready: ReadyLevel[];
  /** Levels Shopify already holds at API X's quantity: nothing to write. */
  readonly confirmed: ReadyLevel[];
  /**
   * Levels held back (`overwriteTarget`): Shopify already holds the target, short of API X's
   * copy; `onHand` is that quantity, for the next run to write over.
   */
  readonly held: ReadyLevel[];
  /** Levels Shopify held at a quantity we neither confirmed nor are writing (hand edits, orders). */
  readonly drifted: PendingLevel[];
}

/**
 * How Shopify's quantity was seen: in the reconcile's export, taken before this run read API X;
 * at 0 because this read just stocked the item there; or read now, after API X was read.
 */
export type SeenWhen = 'before-read' | 'stocked-now' | 'after-read';

/**
 * The quantity to write over what Shopify holds, or null when Shopify holds API X's already.
 * `base` is what Shopify was known to hold before this run read API X (last confirmed, the
 * reconcile's export, or 0 just stocked). A move from it seen after the read (a compare-and-set
 * answered stale) may be a fulfilment whose shipment API X made after its copy was read:
 * writing the copy over it would oversell by the units shipped, raising or lowering. So the copy
 * is written less the move: min(apiX, apiX + (shopify - base)), never below 0 and never above
 * API X's copy. A move down (a fulfilment) is kept; a move up (a restock by hand) is not added.
 * At worst this undersells for one run: a level written short of API X's copy is read again by
 * the next run (it holds the read mark back), whose read of API X follows this sighting and
 * sets the exact value. No clocks are compared (API X's, Shopify's and ours may disagree): only
 * the order of this service's own reads. A level never confirmed (`base` undefined) is written
 * at API X's copy, as before: nothing tells whether Shopify moved; its compare-and-set still
 * guards the write from a change after Shopify was read.
 */
export function overwriteTarget(c: {
  readonly apiX: number;
  readonly shopify: number;
  readonly base: number | undefined;
}): number | null {
  if (c.shopify === c.apiX) return null;
  if (c.base === undefined) return c.apiX;
  return Math.max(0, Math.min(c.apiX, c.apiX + (c.shopify - c.base)));
}

/** What we last confirmed for a level, when it is about this variant's item at this location. */
function lastConfirmed(p: PendingLevel): number | undefined {
  const sent = p.sent;
  if (!sent || sent.locationId !== p.locationId) return undefined;
  return sent.variantId === null || sent.variantId === p.variantId ? sent.onHand : undefined;
}

/**
 * Reads what Shopify holds for these levels (new to us, answered as stale, being reconciled, or
 * marked for a recheck after a fulfilment), tracking each item and stocking it where it is not
 * yet (one activation per item for all its locations; all the batch's items in a few requests).
 * `done` remembers, per batch, what was tracked or activated already. `known`: items read before
 * this run read API X (the reconcile's bulk export, or the variants of levels to recheck);
 * variants it lacks are read page by page. `bases`: the base (ReadyLevel.base) of levels re-read
 * after a failed write.
 */
export async function readStockLevels(
  ctx: StepContext,
  shopify: ShopifyInventory,
  todo: readonly PendingLevel[],
  done: Set<string>,
  known?: InventoryItemLookup,
  bases?: ReadonlyMap<PendingLevel, number | undefined>,
): Promise<ReadOutcome> {
  const variantIds = [...new Set(todo.map((p) => p.variantId))];
  const unknown = known ? variantIds.filter((id) => !known.has(id)) : variantIds;
  const items =
    unknown.length > 0
      ? await shopify.items(unknown, ctx.signal)
      : new Map<string, InventoryItemState>();
  // The export was taken before this run read API X (sync-stock-levels.ts).
  const exported = new Set<string>();
  for (const id of variantIds) {
    const item = known?.get(id);
    if (item) {
      items.set(id, item);
      exported.add(id);
    }
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

  const out: ReadOutcome = { ready: [], confirmed: [], held: [], drifted: [] };
  for (const p of present) {
    const item = items.get(p.variantId);
    if (!item) continue;
    const refusal = refusals.get(`${item.itemId}@${p.locationId}`);
    if (refusal !== undefined) {
      await ctx.recordError(stockError(p.level, 'warehouseId', refusal));
      continue;
    }
    // Just stocked: on hand 0 (inventoryActivate's description: quantities default to zero).
    const stocked = item.onHand.get(p.locationId);
    const current = stocked ?? 0;
    if (p.sent && current !== p.sent.onHand && current !== p.level.onHand) out.drifted.push(p);
    // Seen before the read (the export), or stocked by this read at 0: that is the base.
    const base =
      stocked === undefined || exported.has(p.variantId)
        ? current
        : bases?.has(p)
          ? bases.get(p)
          : lastConfirmed(p);
    const target = overwriteTarget({ apiX: p.level.onHand, shopify: current, base });
    const ready = {
      pending: p,
      itemId: item.itemId,
      changeFrom: current,
      onHand: target ?? current,
      base,
      fromMemory: false,
    };
    if (target === null) out.confirmed.push(ready);
    else if (target === current) out.held.push(ready);
    else out.ready.push(ready);
  }
  return out;
}
