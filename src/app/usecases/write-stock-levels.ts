import { createHash } from 'node:crypto';
import { UpstreamError } from '../../domain/errors.js';
import type { StockLevel } from '../../domain/model/stock.js';
import { sentKey, type InventoryState } from '../../domain/ports/inventory-state.js';
import type {
  InventoryItemLookup,
  ShopifyInventory,
} from '../../domain/ports/shopify-inventory.js';
import { fromMemory, readStockLevels, type ReadyLevel } from './read-stock-levels.js';
import type { PendingLevel } from './select-stock-changes.js';
import type { StepContext } from './step-context.js';
import { STOCK, stockError } from './stock-feed.js';

export interface WriteOutcome {
  readonly written: number;
  readonly alreadyThere: number;
  readonly drift: number;
  /** Levels the next run should read again (a record error names each). */
  readonly retry: readonly StockLevel[];
  /**
   * Levels not written because Shopify already holds their target, short of API X's copy: it
   * moved after the read (`overwriteTarget`). What Shopify holds is remembered, and the next run
   * reads them again.
   */
  readonly held: readonly StockLevel[];
  /**
   * Levels written (and counted `created`/`updated`) short of API X's copy because Shopify moved
   * after the read (`overwriteTarget`); the next run reads them again. Not in `held`, so a level
   * is counted once.
   */
  readonly short: readonly StockLevel[];
}

/** A level whose compare-and-set keeps failing is re-read and re-sent at most this often. */
const STALE_ROUNDS = 3;

/**
 * Errors on a level written from memory that say the memory is out of date (the item or its
 * stocking at the location is gone, e.g. a variant or a level removed by hand): the level is
 * read again rather than refused.
 */
const MEMORY_OUT_OF_DATE = new Set(['INVALID_INVENTORY_ITEM', 'INVALID_LOCATION']);

/**
 * "This request is currently in progress, please try again" and "A previous request with this
 * idempotency key failed. Retry with a new idempotency key" [schema:
 * InventorySetQuantitiesUserErrorCode]: nothing is wrong with the levels; the next run sends them
 * under a new key (the run id is part of it), so the run fails as retryable.
 */
const IDEMPOTENCY_TRY_AGAIN = new Set([
  'IDEMPOTENCY_CONCURRENT_REQUEST',
  'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
]);

const hashKey = (...parts: readonly unknown[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);

/**
 * Writes one batch of changed levels with compare-and-set, all or nothing per call. A level
 * Shopify last confirmed is sent straight from memory (its item and confirmed quantity); only
 * levels without one, or answered as stale, are read from Shopify first. After a refusal the
 * rest of the batch is sent again as it was; the stale ones are re-read and written less what
 * Shopify moved since it was last known (`overwriteTarget`: the move may be a fulfilment newer
 * than API X's copy, and writing the copy over it could oversell); the next run sets the rest.
 */
export function createWriteStockLevels(deps: {
  readonly shopify: ShopifyInventory;
  readonly state: InventoryState;
}) {
  /** Remembers what Shopify holds now: `onHand`, API X's copy or short of it. */
  async function save(ready: readonly ReadyLevel[]): Promise<void> {
    await deps.state.saveSent(
      ready.map(({ pending: p, itemId, onHand }) => ({
        variantExternalId: p.level.variantExternalId,
        warehouseId: p.level.warehouseId,
        locationId: p.locationId,
        onHand,
        sourceUpdatedAt: p.level.updatedAt,
        variantId: p.variantId,
        itemId,
      })),
    );
  }

  return async function writeBatch(
    ctx: StepContext,
    batch: readonly PendingLevel[],
    options: {
      readonly trustMemory: boolean;
      /** Levels (sentKey) a fulfilment moved since they were confirmed: read, not remembered. */
      readonly rechecks?: ReadonlySet<string> | undefined;
      /**
       * Items read before API X was (the reconcile's export, or the variants of levels to
       * recheck): the first read takes them from here.
       */
      readonly known?: InventoryItemLookup | undefined;
    },
  ): Promise<WriteOutcome> {
    let ready: ReadyLevel[] = [];
    let toRead: PendingLevel[] = [];
    for (const p of batch) {
      const moved = options.rechecks?.has(sentKey(p.level.variantExternalId, p.level.warehouseId));
      const remembered = options.trustMemory && !moved ? fromMemory(p) : null;
      if (remembered) ready.push(remembered);
      else toRead.push(p);
    }
    let written = 0;
    let alreadyThere = 0;
    const drifted = new Set<PendingLevel>();
    const retry: StockLevel[] = [];
    const held: StockLevel[] = [];
    const short: StockLevel[] = [];
    const done = new Set<string>();
    // What each re-read level's Shopify quantity was known to be before API X was read.
    const bases = new Map<PendingLevel, number | undefined>();
    for (let round = 1; ; round += 1) {
      if (toRead.length > 0) {
        // Re-reads after a stale compare-and-set must see Shopify now, not the export.
        const known = round === 1 ? options.known : undefined;
        const read = await readStockLevels(ctx, deps.shopify, toRead, done, known, bases);
        read.drifted.forEach((p) => drifted.add(p));
        alreadyThere += read.confirmed.length;
        await save(read.confirmed);
        // Remembered as Shopify holds it, so the next run's compare-and-set expects just that.
        await save(read.held);
        held.push(...read.held.map((r) => r.pending.level));
        ready.push(...read.ready);
        toRead = [];
      }
      if (ready.length === 0) break;

      const writes = ready;
      const quantities = writes.map((w) => ({
        itemId: w.itemId,
        locationId: w.pending.locationId,
        onHand: w.onHand,
        changeFrom: w.changeFrom,
      }));
      const result = await deps.shopify.setOnHand(
        quantities,
        {
          referenceDocumentUri: `gid://api-x/StockLevels/${ctx.runId}`,
          // A retry of this exact request (lost answer) replays; anything else is a new key.
          idempotencyKey: hashKey(ctx.runId, round, quantities),
        },
        ctx.signal,
      );
      if (result.ok) {
        written += writes.length;
        for (const w of writes) ctx.counter.add(STOCK, w.pending.sent ? 'updated' : 'created');
        await save(writes);
        // Written short of API X's copy (Shopify moved after the read): the next run sets it.
        short.push(
          ...writes.filter((w) => w.onHand !== w.pending.level.onHand).map((w) => w.pending.level),
        );
        break;
      }

      // All or nothing: nothing of this call was written. Levels refused for good are named
      // and left out; stale ones (an order or a person changed them between our knowledge and
      // our write), and memory Shopify no longer agrees with, are read again.
      const tryAgain = result.errors.find(
        (e) => e.code !== null && IDEMPOTENCY_TRY_AGAIN.has(e.code),
      );
      if (tryAgain)
        throw new UpstreamError(
          'shopify',
          `inventorySetQuantities answered ${tryAgain.code ?? ''}: ${tryAgain.message}; the next run sends the batch again`,
          { retryable: true },
        );
      const refused = new Set<number>();
      const reread = new Set(result.stale.filter((i) => writes[i] !== undefined));
      for (const e of result.errors) {
        if (e.index === null)
          throw new UpstreamError(
            'shopify',
            `inventorySetQuantities refused the batch: ${e.code ?? ''} ${e.message}`,
            { retryable: false },
          );
        const w = writes[e.index];
        if (!w) continue;
        if (w.fromMemory && e.code !== null && MEMORY_OUT_OF_DATE.has(e.code)) {
          reread.add(e.index);
          continue;
        }
        refused.add(e.index);
        // Refused for good: not re-read, even when a stale error named no line (review R3).
        reread.delete(e.index);
        await ctx.recordError(
          stockError(w.pending.level, 'onHand', `Shopify refused it: ${e.code ?? ''} ${e.message}`),
        );
      }
      // A round that settles nothing would send the same writes again for ever (errors with no
      // line, or a line past the batch): stop the run, naming what Shopify answered.
      if (refused.size === 0 && reread.size === 0)
        throw new UpstreamError(
          'shopify',
          `inventorySetQuantities failed without naming a line of the ${writes.length} sent: ${
            result.errors
              .map((e) => `${e.code ?? ''} ${e.message} (line ${e.index ?? 'none'})`)
              .join('; ') || `stale lines ${result.stale.join(', ') || 'none'}`
          }`,
          { retryable: false },
        );
      for (const i of reread) {
        const w = writes[i] as ReadyLevel;
        refused.add(i);
        if (round < STALE_ROUNDS) {
          toRead.push(w.pending);
          bases.set(w.pending, w.base);
          continue;
        }
        await ctx.recordError(
          stockError(
            w.pending.level,
            'onHand',
            `Shopify's on hand kept changing under the write (${STALE_ROUNDS} compare-and-set failures); the next run tries again`,
          ),
        );
        retry.push(w.pending.level);
      }
      ready = writes.filter((_, i) => !refused.has(i));
      if (ready.length === 0 && toRead.length === 0) break;
    }
    return { written, alreadyThere, drift: drifted.size, retry, held, short };
  };
}
