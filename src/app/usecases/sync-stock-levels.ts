import { chunks } from '../../domain/chunks.js';
import { createHash } from 'node:crypto';
import { UpstreamError } from '../../domain/errors.js';
import type { RecordError } from '../../domain/model/record-error.js';
import type { StockLevel } from '../../domain/model/stock.js';
import {
  sentKey,
  type InventoryState,
  type SentLevel,
} from '../../domain/ports/inventory-state.js';
import type {
  InventoryItemState,
  OnHandWrite,
  ShopifyInventory,
} from '../../domain/ports/shopify-inventory.js';
import type { StockSource } from '../../domain/ports/stock-source.js';
import { checkpoint, type StepContext } from './step-context.js';

export interface SyncStockLevelsDeps {
  readonly source: StockSource;
  readonly shopify: ShopifyInventory;
  readonly state: InventoryState;
}

export interface SyncStockLevelsOptions {
  readonly dryRun: boolean;
  /** API X warehouse id -> Shopify location GID (validated). */
  readonly locations: ReadonlyMap<string, string>;
  /** null: the full read. */
  readonly updatedSince: string | null;
  /** Compare with what Shopify holds now, not with what was last sent (corrects hand edits). */
  readonly reconcile: boolean;
  /** Levels per inventorySetQuantities call. */
  readonly batchSize: number;
}

export interface StockPlan {
  readonly read: number;
  readonly ignoredUnmappedWarehouse: number;
  readonly waitingForCatalogue: number;
  readonly unchanged: number;
  /** Levels to write (a dry run) or written. */
  readonly changed: number;
  /** Levels Shopify held at another value than we last sent (hand edits, fulfilments). */
  readonly drift: number;
  readonly reconcile: boolean;
  /**
   * The oldest `updatedAt` of a level still waiting on something that will change (a variant the
   * catalogue job has not created yet, a compare-and-set that kept failing): the next read starts
   * there. Levels refused for good are record errors and do not hold the read back (else every
   * run would re-read everything since); the reconcile picks them up again.
   */
  readonly oldestUnsettled: string | null;
}

const ENTITY = 'stock';
const LOOKUP_CHUNK = 5000;
/** A batch whose compare-and-set keeps failing is re-read and re-sent at most this often. */
const STALE_ROUNDS = 3;

const idOf = (l: Pick<StockLevel, 'variantExternalId' | 'warehouseId'>) =>
  `${l.variantExternalId}@${l.warehouseId}`;

function stockError(level: StockLevel, field: string | null, reason: string): RecordError {
  return { entity: ENTITY, externalId: idOf(level), field, reason, payload: level };
}

/** Newer `updatedAt` wins; on a tie the later copy in the feed wins (it was served later). */
export function newerOf(a: StockLevel, b: StockLevel): { kept: StockLevel; dropped: StockLevel } {
  return Date.parse(b.updatedAt) >= Date.parse(a.updatedAt)
    ? { kept: b, dropped: a }
    : { kept: a, dropped: b };
}

const hashKey = (...parts: readonly unknown[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);

/** One level on its way to Shopify. */
interface Pending {
  readonly level: StockLevel;
  readonly variantId: string;
  readonly locationId: string;
  readonly sent: SentLevel | undefined;
}

/**
 * API X stock -> Shopify on hand, per variant and location. Reads the feed (newer copy wins,
 * bad records and unknown variants become record errors, unmapped warehouses are counted and
 * ignored, variants the catalogue job has not created yet wait), keeps the levels whose
 * quantity differs from what Shopify last confirmed (or, reconciling, from what Shopify holds
 * now), then per batch: track the items, stock them at their locations, and set on hand with
 * compare-and-set against the quantity just read, under one idempotency key per batch.
 */
export function createSyncStockLevels(deps: SyncStockLevelsDeps) {
  async function readFeed(ctx: StepContext, options: SyncStockLevelsOptions) {
    const levels = new Map<string, StockLevel>();
    let read = 0;
    let ignored = 0;
    for await (const parsed of deps.source.levels(options.updatedSince, ctx.signal)) {
      checkpoint(ctx.signal);
      read += 1;
      if (!parsed.ok) {
        await ctx.recordError(parsed.error);
        continue;
      }
      const level = parsed.value;
      if (!options.locations.has(level.warehouseId)) {
        ignored += 1;
        continue;
      }
      const key = sentKey(level.variantExternalId, level.warehouseId);
      const earlier = levels.get(key);
      if (!earlier) {
        levels.set(key, level);
        continue;
      }
      const { kept, dropped } = newerOf(earlier, level);
      levels.set(key, kept);
      await ctx.recordError(
        stockError(
          dropped,
          'updatedAt',
          `duplicate level in the feed: kept the copy updated at ${kept.updatedAt} (onHand ${kept.onHand}), dropped this one updated at ${dropped.updatedAt} (onHand ${dropped.onHand})`,
        ),
      );
    }
    ctx.counter.add(ENTITY, 'ignored', ignored);
    return { levels: [...levels.values()], read, ignored };
  }

  return {
    async run(ctx: StepContext, options: SyncStockLevelsOptions): Promise<StockPlan> {
      const feed = await readFeed(ctx, options);
      if (feed.ignored > 0)
        ctx.logger.info(
          { ignored: feed.ignored },
          `${feed.ignored} stock level(s) of warehouses not in INVENTORY_LOCATIONS ignored`,
        );
      let oldestUnsettled: string | null = null;
      const unsettled = (level: StockLevel) => {
        if (oldestUnsettled === null || Date.parse(level.updatedAt) < Date.parse(oldestUnsettled))
          oldestUnsettled = level.updatedAt;
      };

      // Which variants Shopify has (the catalogue job's mappings), which wait for it, which
      // API X's catalogue does not know at all.
      const pending: Pending[] = [];
      const catalogueReadAt = await deps.state.catalogueReadAt();
      let waiting = 0;
      let unchanged = 0;
      for (const part of chunks(feed.levels, LOOKUP_CHUNK)) {
        checkpoint(ctx.signal);
        const standings = await deps.state.variants([
          ...new Set(part.map((l) => l.variantExternalId)),
        ]);
        const sent = await deps.state.sent(part);
        for (const level of part) {
          const standing = standings.get(level.variantExternalId);
          // A variant the catalogue job has not read yet waits for it (counted, no error each
          // run); one its read, started after this level changed, did not find is unknown.
          const unknown =
            (!standing || standing.kind === 'unknown') &&
            catalogueReadAt !== null &&
            Date.parse(catalogueReadAt) > Date.parse(level.updatedAt);
          if (unknown) {
            await ctx.recordError(
              stockError(
                level,
                'variantId',
                `unknown variant ${level.variantExternalId}: API X's catalogue, as sync-to-shopify last read it, has no such variant`,
              ),
            );
            continue;
          }
          if (!standing || standing.kind !== 'mapped') {
            waiting += 1;
            unsettled(level);
            continue;
          }
          const locationId = options.locations.get(level.warehouseId) as string;
          const last = sent.get(sentKey(level.variantExternalId, level.warehouseId));
          if (
            !options.reconcile &&
            last &&
            last.onHand === level.onHand &&
            last.locationId === locationId
          ) {
            unchanged += 1;
            continue;
          }
          pending.push({ level, variantId: standing.variantId, locationId, sent: last });
        }
      }
      ctx.counter.add(ENTITY, 'deferred', waiting);
      if (waiting > 0)
        ctx.logger.info(
          { waiting },
          `${waiting} stock level(s) wait for sync-to-shopify to create their variants`,
        );

      if (options.dryRun) {
        ctx.counter.add(ENTITY, 'unchanged', unchanged);
        return {
          read: feed.read,
          ignoredUnmappedWarehouse: feed.ignored,
          waitingForCatalogue: waiting,
          unchanged,
          changed: pending.length,
          drift: 0,
          reconcile: options.reconcile,
          oldestUnsettled,
        };
      }

      let written = 0;
      let drift = 0;
      for (const batch of chunks(pending, options.batchSize)) {
        checkpoint(ctx.signal);
        const outcome = await writeBatch(ctx, batch);
        written += outcome.written;
        unchanged += outcome.alreadyThere;
        drift += outcome.drift;
        outcome.retry.forEach(unsettled);
      }
      ctx.counter.add(ENTITY, 'unchanged', unchanged);
      if (drift > 0)
        ctx.logger.warn(
          { drift },
          `${drift} level(s) in Shopify differed from what was last sent (edited by hand, or moved by a fulfilment); set back to API X's on hand`,
        );
      return {
        read: feed.read,
        ignoredUnmappedWarehouse: feed.ignored,
        waitingForCatalogue: waiting,
        unchanged,
        changed: written,
        drift,
        reconcile: options.reconcile,
        oldestUnsettled,
      };
    },
  };

  async function writeBatch(
    ctx: StepContext,
    batch: readonly Pending[],
  ): Promise<{ written: number; alreadyThere: number; drift: number; retry: StockLevel[] }> {
    let todo = [...batch];
    let written = 0;
    let alreadyThere = 0;
    let drift = 0;
    /** Levels the next run should read again (a record error names each). */
    const retry: StockLevel[] = [];
    const activated = new Set<string>();
    for (let round = 1; todo.length > 0; round += 1) {
      // What Shopify holds now: the compare-and-set's expected value, and whether the item is
      // tracked and stocked at the location yet.
      const items = await deps.shopify.items(
        [...new Set(todo.map((p) => p.variantId))],
        ctx.signal,
      );
      const writes: { write: OnHandWrite; pending: Pending }[] = [];
      const confirmed: Pending[] = [];
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
        const current = await readyAt(ctx, item, p.locationId, activated);
        if (round === 1 && p.sent && current !== p.sent.onHand) drift += 1;
        if (current === p.level.onHand) confirmed.push(p);
        else
          writes.push({
            pending: p,
            write: {
              itemId: item.itemId,
              locationId: p.locationId,
              onHand: p.level.onHand,
              changeFrom: current,
            },
          });
      }
      alreadyThere += confirmed.length;
      await saveSent(confirmed);
      if (writes.length === 0) break;

      const result = await deps.shopify.setOnHand(
        writes.map((w) => w.write),
        {
          referenceDocumentUri: `gid://api-x/StockLevels/${ctx.runId}`,
          // A retry of this exact request (lost answer) replays; anything else is a new key.
          idempotencyKey: hashKey(
            ctx.runId,
            round,
            writes.map((w) => w.write),
          ),
        },
        ctx.signal,
      );
      if (result.ok) {
        written += writes.length;
        for (const w of writes) ctx.counter.add(ENTITY, w.pending.sent ? 'updated' : 'created');
        await saveSent(writes.map((w) => w.pending));
        break;
      }
      // All or nothing: nothing of this batch was written. Levels Shopify refused are named and
      // left out; stale ones are read again and re-sent (an order or a person changed them
      // between our read and our write).
      const refused = new Set<number>();
      for (const e of result.errors) {
        if (e.index === null)
          throw new UpstreamError(
            'shopify',
            `inventorySetQuantities refused the batch: ${e.code ?? ''} ${e.message}`,
            { retryable: false },
          );
        const w = writes[e.index];
        if (!w) continue;
        refused.add(e.index);
        await ctx.recordError(
          stockError(w.pending.level, 'onHand', `Shopify refused it: ${e.code ?? ''} ${e.message}`),
        );
      }
      const stale = new Set(result.stale.filter((i) => writes[i] !== undefined));
      // A round that settles nothing would send the same writes again for ever (errors with no
      // line, or a line past the batch): stop the run, naming what Shopify answered.
      if (refused.size === 0 && stale.size === 0)
        throw new UpstreamError(
          'shopify',
          `inventorySetQuantities failed without naming a line of the ${writes.length} sent: ${
            result.errors
              .map((e) => `${e.code ?? ''} ${e.message} (line ${e.index ?? 'none'})`)
              .join('; ') || `stale lines ${result.stale.join(', ') || 'none'}`
          }`,
          { retryable: false },
        );
      if (round >= STALE_ROUNDS) {
        for (const i of stale) {
          const w = writes[i];
          if (!w) continue;
          await ctx.recordError(
            stockError(
              w.pending.level,
              'onHand',
              `Shopify's on hand kept changing under the write (${STALE_ROUNDS} compare-and-set failures); the next run tries again`,
            ),
          );
          retry.push(w.pending.level);
        }
        todo = writes.filter((_, i) => !refused.has(i) && !stale.has(i)).map((w) => w.pending);
      } else {
        todo = writes.filter((_, i) => !refused.has(i)).map((w) => w.pending);
      }
    }
    return { written, alreadyThere, drift, retry };

    async function saveSent(done: readonly Pending[]): Promise<void> {
      await deps.state.saveSent(
        done.map((p) => ({
          variantExternalId: p.level.variantExternalId,
          warehouseId: p.level.warehouseId,
          locationId: p.locationId,
          onHand: p.level.onHand,
          sourceUpdatedAt: p.level.updatedAt,
        })),
      );
    }
  }

  /** Tracks the item and stocks it at the location when needed; returns its on hand there. */
  async function readyAt(
    ctx: StepContext,
    item: InventoryItemState,
    locationId: string,
    activated: Set<string>,
  ): Promise<number> {
    if (!item.tracked && !activated.has(item.itemId)) {
      await deps.shopify.track(item.itemId, ctx.signal);
      activated.add(item.itemId);
    }
    const current = item.onHand.get(locationId);
    if (current !== undefined) return current;
    const pair = `${item.itemId}@${locationId}`;
    if (!activated.has(pair)) {
      await deps.shopify.activate(
        item.itemId,
        locationId,
        hashKey('activate', ctx.runId, item.itemId, locationId),
        ctx.signal,
      );
      activated.add(pair);
    }
    // Activated without quantities: on hand 0 (inventoryActivate's description).
    return 0;
  }
}
