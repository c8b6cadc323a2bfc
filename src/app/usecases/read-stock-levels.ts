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
  /**
   * Levels held back (`overwriteVerdict`): Shopify holds a quantity that may be newer than API
   * X's copy. `changeFrom` is that quantity, for the next run to write over.
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

export type OverwriteVerdict = 'confirmed' | 'write' | 'hold';

/**
 * Whether API X's copy of a level may be written over what Shopify holds. A quantity seen before
 * this run read API X may be overwritten: the change that made it (a fulfilment, whose shipment
 * API X had made before; a hand edit) happened before API X's copy was read, so the copy is the
 * newer. A quantity first seen after the read (a compare-and-set answered stale) may come from a
 * fulfilment made after it: writing the older copy over it could raise available stock above
 * API X's (oversell), so the level is held back when the write would raise it. Its quantity is
 * remembered, and the next run, whose read of API X comes after this sighting, writes over it.
 * A write that lowers Shopify's quantity never oversells and goes on (at worst the next run
 * raises it again). No clocks are compared (API X's, Shopify's and ours may disagree): only the
 * order of this service's own reads. `seenBefore` is what we last confirmed, or what the failed
 * write expected; both were known before the read.
 *
 * Not covered: a level never confirmed (`seenBefore` undefined) is written over what Shopify
 * holds, as before: nothing tells whether Shopify changed it, and holding back every first write
 * would delay the stock of every new variant by a run. Its compare-and-set still protects it
 * from a change after Shopify was read.
 */
export function overwriteVerdict(c: {
  readonly apiX: number;
  readonly shopify: number;
  readonly seen: SeenWhen;
  /** Shopify's quantity as known before this run read API X; undefined if never known. */
  readonly seenBefore: number | undefined;
}): OverwriteVerdict {
  if (c.shopify === c.apiX) return 'confirmed';
  if (c.seen !== 'after-read' || c.seenBefore === undefined) return 'write';
  return c.shopify === c.seenBefore || c.apiX < c.shopify ? 'write' : 'hold';
}

/** What we last confirmed for a level, when it is about this variant's item at this location. */
function lastConfirmed(p: PendingLevel): number | undefined {
  const sent = p.sent;
  if (!sent || sent.locationId !== p.locationId) return undefined;
  return sent.variantId === null || sent.variantId === p.variantId ? sent.onHand : undefined;
}

/**
 * Reads what Shopify holds for these levels (new to us, answered as stale, or being reconciled),
 * tracking each item and stocking it where it is not yet (one activation per item for all its
 * locations; all the batch's items in a few requests). `done` remembers, per batch, what was tracked or activated already. `known`:
 * items read before this run read API X (the reconcile's bulk export); variants it lacks are
 * read page by page. `expected`: what the failed write of a level expected Shopify to hold.
 */
export async function readStockLevels(
  ctx: StepContext,
  shopify: ShopifyInventory,
  todo: readonly PendingLevel[],
  done: Set<string>,
  known?: InventoryItemLookup,
  expected?: ReadonlyMap<PendingLevel, number>,
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
    const verdict = overwriteVerdict({
      apiX: p.level.onHand,
      shopify: current,
      seen:
        stocked === undefined
          ? 'stocked-now'
          : exported.has(p.variantId)
            ? 'before-read'
            : 'after-read',
      seenBefore: expected?.get(p) ?? lastConfirmed(p),
    });
    const ready = { pending: p, itemId: item.itemId, changeFrom: current, fromMemory: false };
    const into = { confirmed: out.confirmed, write: out.ready, hold: out.held } as const;
    into[verdict].push(ready);
  }
  return out;
}
