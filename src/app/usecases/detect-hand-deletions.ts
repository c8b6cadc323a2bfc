import type { CollectionMappings } from '../../domain/ports/collection-mappings.js';
import type { HandDeletionMarks } from '../../domain/ports/hand-deletion-marks.js';
import type { ProductRecords } from '../../domain/ports/product-records.js';
import type { DeletionEvent, ShopifyDeletions } from '../../domain/ports/shopify-deletions.js';
import type { VariantMappings } from '../../domain/ports/variant-mappings.js';
import type { StepContext } from './step-context.js';

export interface DetectHandDeletionsDeps {
  readonly shopify: ShopifyDeletions;
  readonly state: ProductRecords & VariantMappings & CollectionMappings & HandDeletionMarks;
  readonly now?: () => Date;
}

export interface DetectHandDeletionsOptions {
  /** A complete listing at least this often; between them, Shopify's deletion events. 0: always. */
  readonly fullCheckEveryHours: number;
}

/**
 * Deletion events are read from a little before the last check: our clock and Shopify's differ,
 * and an event may become visible shortly after it occurred. Reading one twice is harmless.
 */
export const DELETION_EVENTS_OVERLAP_MS = 10 * 60 * 1000;

export type DeletionCheckMode = 'none' | 'events' | 'full';

/** Which check a run does: a complete listing when it has never run or is due, else events. */
export function deletionCheckMode(
  marks: { checkedUpTo: Date | null; lastFullCheckAt: Date | null },
  now: Date,
  fullCheckEveryHours: number,
): Exclude<DeletionCheckMode, 'none'> {
  if (marks.checkedUpTo === null || marks.lastFullCheckAt === null) return 'full';
  // A mark in the future means the clock was wrong when it was written (or is now): events
  // read from there could miss deletions, so the complete check decides.
  if (marks.checkedUpTo > now || marks.lastFullCheckAt > now) return 'full';
  const fullAge = now.getTime() - marks.lastFullCheckAt.getTime();
  return fullAge >= fullCheckEveryHours * 3_600_000 ? 'full' : 'events';
}

export interface HandDeletionCheck {
  /** Collections deleted by hand, forgotten: settles quickly; category sync must wait for it. */
  readonly collections: Promise<number>;
  /** Products deleted by hand, forgotten: may wait on a bulk listing; staging must wait for it. */
  readonly products: Promise<{ mode: DeletionCheckMode; forgotten: number }>;
}

/** What a dry run uses instead of a check: it must not move the marks or forget anything. */
export const NO_HAND_DELETION_CHECK: HandDeletionCheck = {
  collections: Promise.resolve(0),
  products: Promise.resolve({ mode: 'none', forgotten: 0 }),
};

/**
 * Finds products and collections deleted by hand in Shopify: mapped, but no longer there. They
 * are forgotten so this run re-creates them (by custom id) and their mappings heal to the new
 * GIDs; a re-created collection gets its products back.
 *
 * Two ways to find them: Shopify's deletion events since the last check (a few cost points a
 * page, whatever the catalogue size), and a complete comparison with the mappings (collections
 * looked up by id; products listed by a bulk export, minutes of waiting on Shopify for a large
 * catalogue). The complete one runs on the first check and then every `fullCheckEveryHours`,
 * as a safety net under the events.
 */
export function createDetectHandDeletions(deps: DetectHandDeletionsDeps) {
  const now = deps.now ?? (() => new Date());

  function logForgotten(ctx: StepContext, what: string, ids: readonly string[], count: number) {
    if (count > 0)
      ctx.logger.warn(
        { ids: ids.slice(0, 20), count },
        `${what} deleted in Shopify by hand: they will be re-created`,
      );
  }

  async function forgetProducts(ctx: StepContext, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const count = await deps.state.forgetProducts(ids);
    logForgotten(ctx, 'products', ids, count);
    return count;
  }

  async function forgetCollections(ctx: StepContext, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const count = await deps.state.forgetCollections(ids);
    logForgotten(ctx, 'collections', ids, count);
    return count;
  }

  async function readEvents(ctx: StepContext, since: Date): Promise<DeletionEvent[]> {
    const from = new Date(since.getTime() - DELETION_EVENTS_OVERLAP_MS).toISOString();
    const events: DeletionEvent[] = [];
    for await (const e of deps.shopify.deletionEventsSince(from, ctx.signal)) events.push(e);
    return events;
  }

  const idsOf = (events: readonly DeletionEvent[], type: DeletionEvent['subjectType']) =>
    events.filter((e) => e.subjectType === type).map((e) => e.subjectId);

  async function missingCollections(ctx: StepContext): Promise<string[]> {
    const mapped = await deps.state.mappedCollectionIds();
    if (mapped.length === 0) return [];
    const existing = await deps.shopify.existingCollections(mapped, ctx.signal);
    return mapped.filter((id) => !existing.has(id));
  }

  async function hasMappedProducts(): Promise<boolean> {
    for await (const ids of deps.state.mappedProductIds()) return ids.length > 0;
    return false;
  }

  async function productsFromListing(ctx: StepContext): Promise<number> {
    const existing = new Set<string>();
    // Variant GIDs by their number: a 300,000-variant shop in a few MB, not tens.
    const variants = new Set<number>();
    // Products the listing showed variants of: only their mapped variants can be judged gone
    // (every Shopify product has one), so a listing without variant rows forgets none.
    const listed = new Set<string>();
    for await (const row of deps.shopify.listSyncedProducts(ctx.signal)) {
      if (row.kind === 'product') existing.add(row.productId);
      else {
        variants.add(gidNumber(row.variantId));
        listed.add(row.productId);
      }
    }
    let forgotten = 0;
    for await (const ids of deps.state.mappedProductIds()) {
      ctx.signal.throwIfAborted();
      forgotten += await forgetProducts(
        ctx,
        ids.filter((id) => !existing.has(id)),
      );
    }
    // Variants deleted by hand under products that are still there: an unchanged product would
    // never be written again to notice. Forgotten, they are created anew by this run's write.
    const gone: string[] = [];
    for await (const page of deps.state.mappedVariantPages()) {
      ctx.signal.throwIfAborted();
      const missing = page.filter(
        (v) => listed.has(v.productId) && !variants.has(gidNumber(v.variantId)),
      );
      await deps.state.forgetVariants(missing.map((v) => v.externalId));
      gone.push(...missing.map((v) => v.externalId));
    }
    logForgotten(ctx, 'variants', gone, gone.length);
    return forgotten;
  }

  return {
    start(ctx: StepContext, options: DetectHandDeletionsOptions): HandDeletionCheck {
      const begun = (async () => {
        // Taken before Shopify is asked: a deletion during the check is found by the next one.
        const startedAt = now();
        const marks = await deps.state.deletionCheckMarks();
        const mode = deletionCheckMode(marks, startedAt, options.fullCheckEveryHours);
        const events =
          mode === 'events' && marks.checkedUpTo ? await readEvents(ctx, marks.checkedUpTo) : null;
        return { startedAt, events };
      })();

      const collections = begun.then(async ({ events }) =>
        forgetCollections(
          ctx,
          events ? idsOf(events, 'COLLECTION') : await missingCollections(ctx),
        ),
      );

      const products = (async () => {
        const { startedAt, events } = await begun;
        let mode: DeletionCheckMode = events ? 'events' : 'full';
        let forgotten = 0;
        if (events) forgotten = await forgetProducts(ctx, idsOf(events, 'PRODUCT'));
        else if (await hasMappedProducts()) forgotten = await productsFromListing(ctx);
        else mode = 'none'; // no product synced yet: none can have been deleted
        // The mark moves only once both halves are done: a failed half is checked again.
        const collectionsForgotten = await collections;
        await deps.state.recordDeletionCheck(startedAt, mode !== 'events');
        ctx.logger.info(
          { mode, products: forgotten, collections: collectionsForgotten },
          'hand-deletion check done',
        );
        return { mode, forgotten };
      })();

      // Each is awaited by the pipeline; these only keep an early failure from going unhandled.
      collections.catch(() => {});
      products.catch(() => {});
      return { collections, products };
    },
  };
}

/** The number at the end of a GID (`gid://shopify/ProductVariant/123` -> 123); NaN if none. */
const gidNumber = (id: string) => Number(id.slice(id.lastIndexOf('/') + 1) || NaN);
