import type { CatalogState } from '../../domain/ports/catalog-state.js';
import type { ShopifyCatalog } from '../../domain/ports/shopify-catalog.js';
import type { StepContext } from './step-context.js';

export interface DetectDeletedDeps {
  readonly shopify: Pick<ShopifyCatalog, 'listSyncedProducts' | 'deletedProductsSince'>;
  readonly state: Pick<
    CatalogState,
    'mappedProductIds' | 'forgetProducts' | 'deletionCheckMarks' | 'recordDeletionCheck'
  >;
  readonly now?: () => Date;
}

export interface DetectDeletedOptions {
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
  const fullAge = now.getTime() - marks.lastFullCheckAt.getTime();
  return fullAge >= fullCheckEveryHours * 3_600_000 ? 'full' : 'events';
}

/**
 * Finds products deleted by hand in Shopify: mapped, but no longer there. Their hashes are
 * forgotten so this run re-creates them (productSet by custom id creates when nothing matches)
 * and the mapping heals to the new GID.
 *
 * Two ways to find them: Shopify's deletion events since the last check (a few cost points a
 * page, whatever the catalogue size), and a complete listing by bulk export compared with the
 * mappings (minutes of waiting on Shopify for a large catalogue). The listing runs on the first
 * check and then every `fullCheckEveryHours`, as a safety net under the events.
 */
export function createDetectDeletedProducts(deps: DetectDeletedDeps) {
  const now = deps.now ?? (() => new Date());

  async function forget(ctx: StepContext, productIds: readonly string[]): Promise<number> {
    if (productIds.length === 0) return 0;
    const forgotten = await deps.state.forgetProducts(productIds);
    if (forgotten > 0) {
      ctx.logger.warn(
        { productIds: productIds.slice(0, 20), count: forgotten },
        'products deleted in Shopify by hand: they will be re-created',
      );
    }
    return forgotten;
  }

  async function hasMappedProducts(): Promise<boolean> {
    for await (const ids of deps.state.mappedProductIds()) return ids.length > 0;
    return false;
  }

  async function fromListing(ctx: StepContext): Promise<number> {
    const existing = new Set<string>();
    for await (const p of deps.shopify.listSyncedProducts(ctx.signal)) existing.add(p.productId);
    let forgotten = 0;
    for await (const ids of deps.state.mappedProductIds()) {
      ctx.signal.throwIfAborted();
      forgotten += await forget(
        ctx,
        ids.filter((id) => !existing.has(id)),
      );
    }
    return forgotten;
  }

  async function fromEvents(ctx: StepContext, since: Date): Promise<number> {
    const from = new Date(since.getTime() - DELETION_EVENTS_OVERLAP_MS).toISOString();
    const deleted: string[] = [];
    // forgetProducts ignores GIDs that are not ours (a merchant's own products).
    for await (const id of deps.shopify.deletedProductsSince(from, ctx.signal)) deleted.push(id);
    return forget(ctx, deleted);
  }

  return {
    async run(
      ctx: StepContext,
      options: DetectDeletedOptions,
    ): Promise<{ mode: DeletionCheckMode; forgotten: number }> {
      // Taken before Shopify is asked: a deletion during the check is found by the next one.
      const startedAt = now();
      const marks = await deps.state.deletionCheckMarks();
      let mode: DeletionCheckMode = deletionCheckMode(
        marks,
        startedAt,
        options.fullCheckEveryHours,
      );
      let forgotten = 0;
      if (mode === 'full' && !(await hasMappedProducts())) {
        mode = 'none'; // nothing synced yet: nothing can have been deleted
      } else if (mode === 'full') {
        forgotten = await fromListing(ctx);
      } else if (marks.checkedUpTo) {
        forgotten = await fromEvents(ctx, marks.checkedUpTo);
      }
      await deps.state.recordDeletionCheck(startedAt, mode !== 'events');
      ctx.logger.info({ mode, forgotten }, 'hand-deletion check done');
      return { mode, forgotten };
    },
  };
}
