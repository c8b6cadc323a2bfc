import { SafetyStopError } from '../../domain/errors.js';
import type { BulkChunks } from '../../domain/ports/bulk-chunks.js';
import type { ChangedProduct, ProductChanges } from '../../domain/ports/product-changes.js';
import type { ProductRecords, ProductWritten } from '../../domain/ports/product-records.js';
import {
  NOT_SENT,
  VARIANT_LIMIT,
  type ProductDraft,
  type ProductStatus,
  type UpsertedProduct,
  type WriteResult,
} from '../../domain/model/catalog-write.js';
import type { Publications } from '../../domain/ports/publications.js';
import type { ShopSetup } from '../../domain/ports/shop-setup.js';
import type { ShopifyBulkImports } from '../../domain/ports/shopify-bulk-imports.js';
import type { ShopifyProducts } from '../../domain/ports/shopify-products.js';
import type { VariantMappings } from '../../domain/ports/variant-mappings.js';
import type { createBulkOperations } from './bulk-operation.js';
import { priceHash } from './catalog-mapping.js';
import { createProgress } from './progress.js';
import { publishResource } from './publish-resource.js';
import { runConcurrently } from './run-concurrently.js';
import type { StepContext } from './step-context.js';
import { createVariantBudget, type VariantLimit } from './variant-budget.js';
import { placeVariants } from './variant-identity.js';

export interface SyncProductsDeps {
  readonly shopify: ShopifyProducts &
    Pick<ShopifyBulkImports, 'startBulkProductUpsert' | 'bulkProductResults'> &
    Pick<Publications, 'publish'> &
    Pick<ShopSetup, 'shopVariants'>;
  readonly state: ProductChanges & BulkChunks & ProductRecords & VariantMappings;
  readonly bulk: ReturnType<typeof createBulkOperations>;
}

export interface SyncProductsOptions {
  readonly dryRun: boolean;
  readonly forceArchive: boolean;
  readonly archiveStatus: Exclude<ProductStatus, 'ACTIVE'>;
  readonly bulkThreshold: number;
  readonly concurrency: number;
  readonly maxFailureRatio: number;
  readonly maxArchiveRatio: number;
  /** Publications a new or re-activated product is published to (none: opted out). */
  readonly publicationIds: readonly string[];
  /**
   * Products an earlier run sent in a bulk file without recording the result: the bulk path
   * looks these up in Shopify before sending them as new (see withVariantIds).
   */
  readonly sentUnrecorded?: ReadonlySet<string>;
  /**
   * New products adopted this run (existing-products.ts): Shopify holds them, with our custom
   * ids just written, so their variant GIDs are read from Shopify before they are written.
   */
  readonly adopted?: ReadonlySet<string>;
  /** Shopify's daily new-variant limit; absent: not planned for (refusals still wait). */
  readonly variantLimit?: VariantLimit;
}

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

export interface ProductPlan {
  readonly staged: number;
  readonly write: number;
  readonly unchanged: number;
  readonly archive: number;
  readonly path: 'none' | 'mutations' | 'bulk';
}

const PAGE = 250;
const BULK_FILE_BYTES = 90 * 1024 * 1024;
/** Failure-ratio checks start after this many writes, so one early failure is not "100%". */
const MIN_SAMPLE = 20;

/**
 * Writes the products staged as changed (regular mutations, or one bulk import when there are
 * many), then archives products API X no longer serves. Safety stops come before any write.
 */
export function createSyncProducts(deps: SyncProductsDeps) {
  const holdBackOverBudget = createVariantBudget(deps);
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
    };
  }

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
   * Publishes the written products that need it. A product whose publishing failed is named in
   * the run's errors and left out of the returned list: not recorded as written, it is sent
   * again next run (productSet finds it by custom id) and publishing is tried again.
   */
  async function publishWritten(
    ctx: StepContext,
    written: readonly { changed: ChangedProduct; value: UpsertedProduct }[],
    publishing: Publishing,
  ): Promise<ProductWritten[]> {
    const kept: ProductWritten[] = [];
    await runConcurrently(written, publishing.concurrency, ctx.signal, async (w) => {
      if (publishing.publicationIds.length > 0 && needsPublishing(w.changed)) {
        const published = await publishResource(
          ctx,
          deps.shopify,
          {
            entity: 'product',
            externalId: w.changed.externalId,
            resourceId: w.value.productId,
            payload: { productId: w.value.productId, publicationIds: publishing.publicationIds },
          },
          publishing.publicationIds,
        );
        if (!published) return;
      }
      kept.push(toWritten(w.changed, w.value));
      ctx.counter.add('product', writeResult(w.changed, publishing.adopted));
    });
    return kept;
  }

  /**
   * Counts one product's write answer, from productSet or a bulk result line alike: a refusal by
   * the daily variant limit waits for the next run, a rejection is named in the run's errors, a
   * success joins `ok` to be published and saved.
   */
  async function takeResult(
    ctx: StepContext,
    tally: WriteTally,
    changed: ChangedProduct,
    result: WriteResult<UpsertedProduct>,
    ok: { changed: ChangedProduct; value: UpsertedProduct }[],
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
  }

  /** Publishes and saves a batch of written products; one whose publishing failed counts as failed. */
  async function saveWritten(
    ctx: StepContext,
    ok: readonly { changed: ChangedProduct; value: UpsertedProduct }[],
    publishing: Publishing,
    tally: WriteTally,
  ): Promise<void> {
    const written = await publishWritten(ctx, ok, publishing);
    tally.failed += ok.length - written.length;
    await deps.state.saveProductsWritten(written);
  }

  /**
   * After Shopify answered that a variant we sent by id does not exist (a merchant deleted it by
   * hand): forgets the mapped variants of this product that Shopify no longer holds, so they are
   * sent without an id and created anew. Returns how many; 0 when the answer had another cause.
   */
  async function dropStaleVariants(ctx: StepContext, changed: ChangedProduct): Promise<number> {
    const ids = changed.draft.variants.map((v) => v.externalId);
    const mapped = await deps.state.mappedVariants(ids);
    const held = new Set(
      (await deps.shopify.variantsOfProduct(changed.externalId, ctx.signal)).values(),
    );
    const stale = ids.filter((id) => {
      const m = mapped.get(id);
      return (
        m !== undefined && m.productExternalId === changed.externalId && !held.has(m.variantId)
      );
    });
    if (stale.length === 0) return 0;
    await deps.state.forgetVariants(stale);
    ctx.logger.warn(
      { product: changed.externalId, variants: stale },
      `product ${changed.externalId}: variant(s) ${stale.join(', ')} were deleted in Shopify by hand; they are created again (new GIDs, no stock)`,
    );
    return stale.length;
  }

  /** Applies a bulk result file (also the partial file of a failed operation). */
  async function applyBulkResults(
    ctx: StepContext,
    url: string | null,
    publishing: Publishing,
    tally: WriteTally = newTally(),
  ) {
    if (!url) return;
    let batch: { lineNumber: number; result: WriteResult<UpsertedProduct> }[] = [];
    const flush = async () => {
      const byLine = await deps.state.productsAtBulkLines(batch.map((b) => b.lineNumber));
      const ok: { changed: ChangedProduct; value: UpsertedProduct }[] = [];
      for (const { lineNumber, result } of batch) {
        const changed = byLine.get(lineNumber);
        if (!changed) continue;
        // A bulk line cannot be sent again in this operation: the next run creates them.
        if (namesMissingVariant(result)) await dropStaleVariants(ctx, changed);
        await takeResult(ctx, tally, changed, result, ok);
      }
      await saveWritten(ctx, ok, publishing, tally);
      batch = [];
    };
    for await (const line of deps.shopify.bulkProductResults(url, ctx.signal)) {
      // Shopify numbers result lines from 0; our bulk lines start at 1.
      batch.push({ lineNumber: line.lineNumber + 1, result: line.result });
      if (batch.length >= 500) await flush();
    }
    await flush();
  }

  /**
   * The page's drafts with the GIDs of their existing variants; custom ids of variants moving
   * between products are released before anything of the page is written. `askShopify`: a
   * product that would send a variant as new is first looked up in Shopify, whose variants of
   * it win: a run killed after productSet but before recording its answer left them there, and
   * sent without their GIDs they would be refused ("Value is already taken") in every later run.
   * `askShopify.about` narrows the lookups (the bulk path: only products sent unrecorded).
   */
  async function withVariantIds(
    ctx: StepContext,
    page: readonly ChangedProduct[],
    askShopify: {
      readonly concurrency: number;
      readonly about?: (externalId: string) => boolean;
    },
  ): Promise<ChangedProduct[]> {
    const mapped = await deps.state.mappedVariants(
      page.flatMap((p) => p.draft.variants.map((v) => v.externalId)),
    );
    const inShopify = new Map<string, ReadonlyMap<string, string>>();
    const unsure = page.filter(
      (p) =>
        (askShopify.about?.(p.externalId) ?? true) &&
        placeVariants(p.draft, p.isNew, mapped).draft.variants.some(
          (v) => v.shopifyId === undefined,
        ),
    );
    await runConcurrently(unsure, askShopify.concurrency, ctx.signal, async (p) => {
      inShopify.set(p.externalId, await deps.shopify.variantsOfProduct(p.externalId, ctx.signal));
    });
    const placed = page.map((p) => ({
      p,
      ...placeVariants(p.draft, p.isNew, mapped, inShopify.get(p.externalId)),
    }));
    const release = placed.flatMap((x) => x.release);
    if (release.length > 0) await deps.shopify.releaseVariantCustomIds(release, ctx.signal);
    return placed.map(({ p, draft }) => ({ ...p, draft }));
  }

  async function* chunkDrafts(
    ctx: StepContext,
    options: SyncProductsOptions,
  ): AsyncGenerator<ProductDraft> {
    const sentUnrecorded = options.sentUnrecorded ?? new Set<string>();
    const adopted = options.adopted ?? new Set<string>();
    let afterLine = 0;
    for (;;) {
      ctx.signal.throwIfAborted();
      const page = await deps.state.bulkChunk(afterLine, 1000);
      if (page.length === 0) return;
      afterLine = page[page.length - 1]?.bulkLine ?? afterLine;
      // bulkChunk does not know which products are new: a mapped variant is placed by its product.
      // Lookups only for products an earlier bulk file carried unrecorded, not one per new
      // product of an initial sync: a recorded operation's results are applied on resume.
      for (const p of await withVariantIds(
        ctx,
        page.map((x) => ({ ...x, isNew: false })),
        {
          concurrency: options.concurrency,
          about: (id) => sentUnrecorded.has(id) || adopted.has(id),
        },
      ))
        yield p.draft;
    }
  }

  return {
    applyBulkResults,

    async run(ctx: StepContext, options: SyncProductsOptions): Promise<ProductPlan> {
      let counts = await deps.state.countStaged();
      // Creations beyond what Shopify's daily limit allows are held back before any is sent
      // (a dry run shows every change it would try).
      let overBudget = 0;
      if (!options.dryRun && counts.changed > 0 && options.variantLimit) {
        overBudget = await holdBackOverBudget(ctx, options.variantLimit, options.adopted);
        if (overBudget > 0) counts = await deps.state.countStaged();
      }
      const path: ProductPlan['path'] =
        counts.changed === 0
          ? 'none'
          : counts.changed >= options.bulkThreshold
            ? 'bulk'
            : 'mutations';
      const plan: ProductPlan = {
        staged: counts.staged,
        write: counts.changed,
        unchanged: counts.staged - counts.changed,
        archive: counts.gone,
        path,
      };
      ctx.counter.add('product', 'unchanged', plan.unchanged);

      const archiveLimit = Math.floor(counts.mappedActive * options.maxArchiveRatio);
      if (
        counts.gone > 0 &&
        counts.gone > archiveLimit &&
        counts.mappedActive >= MIN_SAMPLE &&
        !options.forceArchive
      ) {
        throw new SafetyStopError(
          `safety stop: API X no longer lists ${counts.gone} of ${counts.mappedActive} products (more than SYNC_MAX_ARCHIVE_RATIO=${options.maxArchiveRatio}); ` +
            'nothing was archived. If API X really removed them, run again with --force-archive',
        );
      }
      if (options.dryRun) return plan;

      const publishing: Publishing = {
        publicationIds: options.publicationIds,
        concurrency: options.concurrency,
        ...(options.adopted ? { adopted: options.adopted } : {}),
      };
      const progress = createProgress(ctx, 'writing products to Shopify', counts.changed);
      const tally = newTally();
      tally.waiting = overBudget;
      // The same stop on both paths (a bulk path checks between its operations): creations
      // waiting for the daily variant limit are not failures and do not count.
      const checkFailures = () => {
        const { attempted, failed } = tally;
        if (attempted >= MIN_SAMPLE && failed / attempted > options.maxFailureRatio) {
          reportWaiting(ctx, tally);
          throw new SafetyStopError(
            `safety stop: Shopify rejected ${failed} of ${attempted} products (more than SYNC_MAX_FAILURE_RATIO=${options.maxFailureRatio}); see the per-record errors`,
          );
        }
      };

      if (path === 'bulk') {
        // One bulk operation per file of at most ~90 MB (Shopify's staged upload takes 100 MB):
        // a 100k-product initial sync goes in a few operations, one after the other.
        let after: string | null = null;
        for (;;) {
          const chunk = await deps.state.assignBulkChunk(after, BULK_FILE_BYTES);
          if (chunk.lines === 0) break;
          after = chunk.lastExternalId;
          await deps.bulk.run(
            ctx,
            'product-upsert',
            () => deps.shopify.startBulkProductUpsert(chunkDrafts(ctx, options), ctx.signal),
            (url) => applyBulkResults(ctx, url, publishing, tally),
          );
          progress.add(chunk.lines);
          checkFailures();
        }
      } else if (path === 'mutations') {
        let after: string | null = null;
        for (;;) {
          const page = await deps.state.changedProducts(after, PAGE);
          if (page.length === 0) break;
          after = page[page.length - 1]?.externalId ?? null;
          const ok: { changed: ChangedProduct; value: UpsertedProduct }[] = [];
          await runConcurrently(
            await withVariantIds(ctx, page, { concurrency: options.concurrency }),
            options.concurrency,
            ctx.signal,
            async (changed) => {
              // Past the daily variant limit nothing more is created today; updates go on.
              if (tally.limitReached && createsVariants(changed.draft)) {
                tally.waiting++;
                return;
              }
              let result = await deps.shopify.upsertProduct(changed.draft, ctx.signal);
              // A variant deleted by hand: its GID is stale. Sent again without it, it is
              // created anew, in this run (otherwise the product would fail every run).
              if (namesMissingVariant(result) && (await dropStaleVariants(ctx, changed)) > 0) {
                const [placed] = await withVariantIds(ctx, [changed], { concurrency: 1 });
                if (placed) result = await deps.shopify.upsertProduct(placed.draft, ctx.signal);
              }
              await takeResult(ctx, tally, changed, result, ok);
            },
          );
          await saveWritten(ctx, ok, publishing, tally);
          progress.add(page.length);
          checkFailures();
        }
      }
      progress.done();
      reportWaiting(ctx, tally);

      let after: string | null = null;
      for (;;) {
        const gone = await deps.state.goneProducts(after, PAGE);
        if (gone.length === 0) break;
        after = gone[gone.length - 1]?.externalId ?? null;
        const archived: string[] = [];
        await runConcurrently(gone, options.concurrency, ctx.signal, async (p) => {
          const result = await deps.shopify.setProductStatus(
            p.externalId,
            options.archiveStatus,
            ctx.signal,
          );
          if (result.ok) archived.push(p.externalId);
          else
            await ctx.recordError({
              entity: 'product',
              externalId: p.externalId,
              field: result.errors[0]?.field ?? 'status',
              reason: `could not archive the product: ${result.errors.map((e) => e.message).join('; ')}`,
              payload: p,
            });
        });
        await deps.state.markArchived(archived);
        ctx.counter.add('product', 'archived', archived.length);
      }
      return plan;
    },
  };
}

/** What the writes of one run came to (both paths). */
interface WriteTally {
  attempted: number;
  failed: number;
  /** Writes refused by Shopify's daily variant limit, or held back after it: next run's. */
  waiting: number;
  limitReached: boolean;
}

const newTally = (): WriteTally => ({ attempted: 0, failed: 0, waiting: 0, limitReached: false });

const hitVariantLimit = (result: Extract<WriteResult<unknown>, { ok: false }>) =>
  result.errors.some((e) => e.code === VARIANT_LIMIT);

/**
 * productSet's answer to a variant id it does not hold: ProductSetUserErrorCode
 * PRODUCT_VARIANT_DOES_NOT_EXIST, "Product variant does not exist" (2026-10 schema).
 */
const namesMissingVariant = (result: WriteResult<unknown>) =>
  !result.ok && result.errors.some((e) => e.code === 'PRODUCT_VARIANT_DOES_NOT_EXIST');

/** A write that would create a variant (a new product, or a new variant of an existing one). */
const createsVariants = (draft: ProductDraft) =>
  draft.variants.some((v) => v.shopifyId === undefined);

/** Products waiting for the daily variant limit reach the summary, status and metrics. */
function reportWaiting(ctx: StepContext, tally: WriteTally): void {
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
