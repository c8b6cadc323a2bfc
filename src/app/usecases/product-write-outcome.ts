import type { ChangedProduct } from '../../domain/ports/product-changes.js';
import type { ProductRecords, ProductWritten } from '../../domain/ports/product-records.js';
import {
  NOT_SENT,
  VARIANT_LIMIT,
  type ProductDraft,
  type UpsertedProduct,
  type WriteResult,
} from '../../domain/model/catalog-write.js';
import { priceHash } from './catalog-mapping.js';
import type { Progress } from './progress.js';
import type { StepContext } from './step-context.js';

/** How written products reach the sales channels (see needsPublishing). */
export interface Publishing {
  readonly publicationIds: readonly string[];
  readonly concurrency: number;
  /** Products adopted this run: counted as adopted, not created. */
  readonly adopted?: ReadonlySet<string>;
}

/**
 * Shopify creates products unpublished (publishablePublish, schema description), so a product
 * that becomes ACTIVE here (new, or re-activated after a draft/archive) is published to the
 * configured publications. A product that stays ACTIVE is left alone: a merchant who took it
 * off a channel keeps it off.
 */
export function needsPublishing(changed: ChangedProduct): boolean {
  return changed.draft.status === 'ACTIVE' && (changed.isNew || !changed.wasActive);
}

/** What the writes of one run came to (both paths). */
export interface WriteTally {
  attempted: number;
  failed: number;
  /** Writes refused by Shopify's daily variant limit, or held back after it: next run's. */
  waiting: number;
  limitReached: boolean;
}

export const newTally = (): WriteTally => ({
  attempted: 0,
  failed: 0,
  waiting: 0,
  limitReached: false,
});

/** A product Shopify accepted, with its answer. */
export interface WrittenProduct {
  readonly changed: ChangedProduct;
  readonly value: UpsertedProduct;
}

export interface ProductWriteOutcomeDeps {
  readonly state: Pick<ProductRecords, 'saveProductsWritten'>;
}

/**
 * What becomes of one product's write answer, on either path: counted, named in the run's
 * errors, or published and saved as written.
 */
export function createProductWriteOutcome(deps: ProductWriteOutcomeDeps) {
  async function recordRejected(
    ctx: StepContext,
    changed: ChangedProduct,
    result: Extract<WriteResult<unknown>, { ok: false }>,
  ) {
    const first = result.errors[0];
    await ctx.recordError({
      entity: 'product',
      externalId: changed.externalId,
      field: first?.field ?? null,
      // Our own checks are never passed off as Shopify's answer.
      reason: `${result.errors.every((e) => e.code === NOT_SENT) ? 'not sent to Shopify' : 'Shopify rejected the product'}: ${result.errors.map((e) => `${e.field ? `${e.field}: ` : ''}${e.message}${e.code ? ` (${e.code})` : ''}`).join('; ')}`,
      payload: changed.draft,
    });
  }

  /**
   * The written products as they are recorded; those that need publishing are recorded as
   * unpublished, in the same write, and the publish step publishes them (publish-products.ts:
   * in bulk when there are many, instead of one regular mutation each).
   */
  function toRecorded(
    ctx: StepContext,
    written: readonly WrittenProduct[],
    publishing: Publishing,
  ): ProductWritten[] {
    return written.map((w) => {
      ctx.counter.add('product', writeResult(w.changed, publishing.adopted));
      const record = toWritten(w.changed, w.value);
      return publishing.publicationIds.length > 0 && needsPublishing(w.changed)
        ? { ...record, unpublished: true }
        : record;
    });
  }

  return {
    /**
     * Counts one product's write answer, from productSet or a bulk result line alike: a refusal
     * by the daily variant limit waits for the next run, a rejection is named in the run's
     * errors, a success joins `ok` to be published and saved.
     */
    async takeResult(
      ctx: StepContext,
      tally: WriteTally,
      changed: ChangedProduct,
      result: WriteResult<UpsertedProduct>,
      ok: WrittenProduct[],
    ): Promise<void> {
      if (!result.ok && hitVariantLimit(result)) {
        tally.limitReached = true;
        tally.waiting++;
        return;
      }
      tally.attempted++;
      if (result.ok) ok.push({ changed, value: result.value });
      else {
        tally.failed++;
        await recordRejected(ctx, changed, result);
      }
    },

    /** Saves a batch of written products, those to publish recorded as unpublished. */
    async saveWritten(
      ctx: StepContext,
      ok: readonly WrittenProduct[],
      publishing: Publishing,
    ): Promise<void> {
      await deps.state.saveProductsWritten(toRecorded(ctx, ok, publishing));
    },
  };
}

export type ProductWriteOutcome = ReturnType<typeof createProductWriteOutcome>;

function toWritten(changed: ChangedProduct, value: UpsertedProduct): ProductWritten {
  const pricesSent: Record<string, string> = {};
  for (const v of changed.draft.variants) {
    if (v.price !== null)
      pricesSent[v.externalId] = priceHash({
        amount: v.price,
        compareAtAmount: v.compareAtPrice,
      });
  }
  return {
    externalId: changed.externalId,
    productId: value.productId,
    variantIds: value.variantIds,
    contentHash: changed.contentHash,
    status: changed.draft.status,
    pricesSent,
    ...(changed.draft.collections
      ? { memberOf: changed.draft.collections.map((c) => c.categoryId) }
      : {}),
  };
}

const hitVariantLimit = (result: Extract<WriteResult<unknown>, { ok: false }>) =>
  result.errors.some((e) => e.code === VARIANT_LIMIT);

/**
 * productSet's answer to a variant id it does not hold: ProductSetUserErrorCode
 * PRODUCT_VARIANT_DOES_NOT_EXIST, "Product variant does not exist" (2026-10 schema).
 */
export const namesMissingVariant = (result: WriteResult<unknown>) =>
  !result.ok && result.errors.some((e) => e.code === 'PRODUCT_VARIANT_DOES_NOT_EXIST');

/** A write that would create a variant (a new product, or a new variant of an existing one). */
export const createsVariants = (draft: ProductDraft) =>
  draft.variants.some((v) => v.shopifyId === undefined);

/** Products waiting for the daily variant limit reach the summary, status and metrics. */
export function reportWaiting(ctx: StepContext, tally: WriteTally): void {
  if (tally.waiting === 0) return;
  ctx.counter.add('product', 'deferred', tally.waiting);
  tally.waiting = 0;
  ctx.logger.warn(
    { deferred: ctx.counter.get('product', 'deferred') },
    "Shopify's daily variant limit reached (VARIANT_THROTTLE_EXCEEDED: 1,000 new variants a day once a store has 50,000): products that would create variants wait for the next runs; updates and prices went on",
  );
}

function writeResult(
  changed: ChangedProduct,
  adopted: ReadonlySet<string> = new Set(),
): 'created' | 'updated' | 'archived' | 'adopted' {
  if (adopted.has(changed.externalId)) return 'adopted';
  if (changed.isNew) return 'created';
  return changed.draft.status === 'ACTIVE' ? 'updated' : 'archived';
}

/** One run's writing, shared by the write paths: where answers go and when to stop. */
export interface ProductWriteRun {
  readonly publishing: Publishing;
  readonly tally: WriteTally;
  readonly progress: Progress;
  /** Throws the failure-ratio safety stop; called after each page or bulk operation. */
  readonly checkFailures: () => void;
  /**
   * Once Shopify refused a creation (the daily variant limit): keeps every product after
   * `afterExternalId` that would create a variant out of the bulk files still to come, counted
   * as waiting.
   */
  readonly holdBackCreations: (afterExternalId: string | null) => Promise<void>;
}
