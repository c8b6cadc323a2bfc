import type { BulkChunks } from '../../domain/ports/bulk-chunks.js';
import type { ProductDraft } from '../../domain/model/catalog-write.js';
import type { ChangedProduct } from '../../domain/ports/product-changes.js';
import type { ShopifyBulkImports } from '../../domain/ports/shopify-bulk-imports.js';
import type { createBulkOperations } from './bulk-operation.js';
import { inBatches } from './in-batches.js';
import { keysetPages } from './keyset-pages.js';
import {
  namesMissingVariant,
  newTally,
  type ProductWriteOutcome,
  type ProductWriteRun,
  type Publishing,
  type WriteTally,
  type WrittenProduct,
} from './product-write-outcome.js';
import type { ProductVariantIds } from './product-variant-ids.js';
import type { WithCollectionsToJoin } from './collections-on-create.js';
import type { StepContext } from './step-context.js';

const BULK_FILE_BYTES = 90 * 1024 * 1024;

/**
 * The first bulk file of a run carries at most this many products. The failure-ratio stop can
 * only look at a file's results once the whole file has been applied, so without a small first
 * file a catalogue Shopify refuses line by line (a field it no longer takes, a limit) would go
 * out whole, about 83k drafts and 83k recorded errors at 100k, and again every day.
 */
export const BULK_PROBE_LINES = 100;

export interface ProductBulkWriteDeps {
  readonly shopify: Pick<ShopifyBulkImports, 'startBulkProductUpsert' | 'bulkProductResults'>;
  readonly state: BulkChunks;
  readonly bulk: ReturnType<typeof createBulkOperations>;
  readonly outcome: ProductWriteOutcome;
  readonly variantIds: ProductVariantIds;
  readonly withCollectionsToJoin: WithCollectionsToJoin;
}

export interface ProductBulkOptions {
  readonly concurrency: number;
  /** See SyncProductsOptions.sentUnrecorded. */
  readonly sentUnrecorded?: ReadonlySet<string>;
  /** See SyncProductsOptions.adopted. */
  readonly adopted?: ReadonlySet<string>;
}

/** The bulk path: the changed products in bulk import files, and their result files applied. */
export function createProductBulkWrite(deps: ProductBulkWriteDeps) {
  /**
   * Products of a bulk file that were not created in it although nothing is mapped (sent by a
   * run that died before recording them, or adopted): their lines carry no collections.
   */
  const notCreatedHere = (options: ProductBulkOptions) => (p: ChangedProduct) =>
    options.sentUnrecorded?.has(p.externalId) === true ||
    options.adopted?.has(p.externalId) === true;

  /**
   * Applies a bulk result file (also the partial file of a failed operation). `sent`: the
   * options the file was written with, when this run wrote it; then the collections its new
   * products joined are known again (the same answer as when the file was written: nothing
   * is mapped for them until their results are saved) and recorded as their memberships. A
   * file resumed from an earlier run records none: the membership step adds them again, which
   * changes nothing in Shopify.
   */
  async function applyBulkResults(
    ctx: StepContext,
    url: string | null,
    publishing: Publishing,
    tally: WriteTally = newTally(),
    sent?: ProductBulkOptions,
  ) {
    if (!url) return;
    const results = deps.shopify.bulkProductResults(url, ctx.signal);
    for await (const batch of inBatches(results, 500)) {
      // Shopify numbers result lines from 0; our bulk lines start at 1.
      const found = [
        ...(await deps.state.productsAtBulkLines(batch.map((b) => b.lineNumber + 1))).entries(),
      ];
      const products = found.map(([, p]) => p);
      const joined = sent
        ? await deps.withCollectionsToJoin(products, notCreatedHere(sent))
        : products;
      const byLine = new Map(found.map(([line, p], i) => [line, joined[i] ?? p]));
      const ok: WrittenProduct[] = [];
      for (const { lineNumber, result } of batch) {
        const changed = byLine.get(lineNumber + 1);
        if (!changed) continue;
        // A bulk line cannot be sent again in this operation: the next run creates them.
        if (namesMissingVariant(result)) await deps.variantIds.dropStaleVariants(ctx, changed);
        await deps.outcome.takeResult(ctx, tally, changed, result, ok);
      }
      await deps.outcome.saveWritten(ctx, ok, publishing);
    }
  }

  async function* chunkDrafts(
    ctx: StepContext,
    options: ProductBulkOptions,
  ): AsyncGenerator<ProductDraft> {
    const sentUnrecorded = options.sentUnrecorded ?? new Set<string>();
    const adopted = options.adopted ?? new Set<string>();
    const pages = keysetPages(
      0,
      (afterLine) => deps.state.bulkChunk(afterLine, 1000),
      (p) => p.bulkLine,
    );
    for await (const page of pages) {
      ctx.signal.throwIfAborted();
      // bulkChunk does not know which products are new: a mapped variant is placed by its product.
      // Lookups only for products an earlier bulk file carried unrecorded, not one per new
      // product of an initial sync: a recorded operation's results are applied on resume.
      const placed = await deps.variantIds.withVariantIds(
        ctx,
        page.map((x) => ({ ...x, isNew: false })),
        {
          concurrency: options.concurrency,
          about: (id) => sentUnrecorded.has(id) || adopted.has(id),
        },
      );
      for (const p of await deps.withCollectionsToJoin(placed, notCreatedHere(options)))
        yield p.draft;
    }
  }

  return {
    applyBulkResults,

    /**
     * One bulk operation per file of at most ~90 MB (Shopify's staged upload takes 100 MB): a
     * 100k-product initial sync goes in a few operations, one after the other, the first of
     * them small (BULK_PROBE_LINES) so the failure-ratio stop is checked before the rest goes.
     */
    async write(ctx: StepContext, options: ProductBulkOptions, run: ProductWriteRun) {
      let after: string | null = null;
      let creationsHeldBack = false;
      for (let file = 0; ; file++) {
        const chunk = await deps.state.assignBulkChunk(
          after,
          BULK_FILE_BYTES,
          file === 0 ? BULK_PROBE_LINES : undefined,
        );
        if (chunk.lines === 0) break;
        after = chunk.lastExternalId;
        await deps.bulk.run(
          ctx,
          'product-upsert',
          () => deps.shopify.startBulkProductUpsert(chunkDrafts(ctx, options), ctx.signal),
          (url) => applyBulkResults(ctx, url, run.publishing, run.tally, options),
        );
        run.progress.add(chunk.lines);
        run.checkFailures();
        // Past the daily variant limit a file's creations would only be refused, line by line,
        // every day: the files still to come carry updates only (the small first file finds out).
        if (run.tally.limitReached && !creationsHeldBack) {
          creationsHeldBack = true;
          await run.holdBackCreations(after);
        }
      }
    },
  };
}
