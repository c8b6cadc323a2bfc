import type { Publications } from '../../domain/ports/publications.js';
import type {
  UnpublishedProduct,
  UnpublishedProducts,
} from '../../domain/ports/unpublished-products.js';
import type { createBulkOperations } from './bulk-operation.js';
import { inBatches } from './in-batches.js';
import { keysetPages } from './keyset-pages.js';
import { publishResource, recordNotPublished } from './publish-resource.js';
import { runConcurrently } from './run-concurrently.js';
import type { StepContext } from './step-context.js';

const PAGE = 250;
const RESULT_BATCH = 500;

export interface PublishProductsDeps {
  readonly shopify: Pick<Publications, 'publish' | 'startBulkPublish' | 'bulkPublishResults'>;
  readonly state: UnpublishedProducts;
  readonly bulk: ReturnType<typeof createBulkOperations>;
}

export interface PublishProductsOptions {
  /** The configured publications (none: opted out, nothing is published). */
  readonly publicationIds: readonly string[];
  readonly concurrency: number;
  /** From this many products on, one bulk operation instead of one mutation each. */
  readonly bulkThreshold: number;
}

/**
 * Publishes the products recorded as written and unpublished (Shopify creates products
 * unpublished): this run's new and re-activated products, and any an earlier run could not
 * publish. Many go as one bulk publishablePublish (no cost points, where one regular mutation
 * each costs 10 points: 100k products, about 3 hours at a Standard store's 100 points/s); a few
 * as regular mutations. A product Shopify refuses is named in the run's errors and stays
 * recorded as unpublished, so the next run tries again: none is left unpublished silently.
 */
export function createPublishProducts(deps: PublishProductsDeps) {
  const asWritten = (p: UnpublishedProduct, publicationIds: readonly string[]) => ({
    entity: 'product' as const,
    externalId: p.externalId,
    resourceId: p.productId,
    payload: { productId: p.productId, publicationIds },
  });

  /** Applies a bulk publish result file (also the partial file of a failed operation). */
  async function applyBulkResults(
    ctx: StepContext,
    url: string | null,
    publicationIds: readonly string[],
  ): Promise<void> {
    if (!url) return;
    let published = 0;
    let refused = 0;
    // A batch is applied before the file is read on, so nothing runs beside the read and there
    // is no order to keep (no serial queue). Write-behind would overlap the download with the
    // applying: faster maybe, but a change of behaviour, unmeasured.
    const results = deps.shopify.bulkPublishResults(url, ctx.signal);
    for await (const batch of inBatches(results, RESULT_BATCH)) {
      // Shopify numbers result lines from 0; ours start at 1.
      const at = await deps.state.unpublishedAtLines(batch.map((b) => b.lineNumber + 1));
      const ok: UnpublishedProduct[] = [];
      for (const { lineNumber, result } of batch) {
        // A line whose product is no longer waiting (re-created since, or already done).
        const product = at.get(lineNumber + 1);
        if (!product) continue;
        if (result.ok) ok.push(product);
        else {
          refused++;
          await recordNotPublished(ctx, asWritten(product, publicationIds), result.errors);
        }
      }
      await deps.state.markPublished(ok);
      published += ok.length;
    }
    ctx.logger.info(
      { published, refused },
      `bulk publish applied: ${published} products published`,
    );
  }

  async function* productIdsByLine(): AsyncGenerator<string> {
    const pages = keysetPages(
      0,
      (after) => deps.state.unpublishedLines(after, 1000),
      (p) => p.line,
    );
    for await (const page of pages) for (const p of page) yield p.productId;
  }

  async function publishByMutation(ctx: StepContext, options: PublishProductsOptions) {
    const pages = keysetPages(
      null,
      (after: string | null) => deps.state.unpublishedPage(after, PAGE),
      (p) => p.externalId,
    );
    for await (const page of pages) {
      const ok: UnpublishedProduct[] = [];
      await runConcurrently(page, options.concurrency, ctx.signal, async (p) => {
        const written = asWritten(p, options.publicationIds);
        if (await publishResource(ctx, deps.shopify, written, options.publicationIds)) ok.push(p);
      });
      await deps.state.markPublished(ok);
    }
  }

  return {
    applyBulkResults,

    async run(ctx: StepContext, options: PublishProductsOptions): Promise<void> {
      if (options.publicationIds.length === 0) return;
      const waiting = await deps.state.countUnpublished();
      if (waiting === 0) return;
      if (waiting < options.bulkThreshold) return publishByMutation(ctx, options);
      await deps.state.numberUnpublishedLines();
      await deps.bulk.run(
        ctx,
        'product-publish',
        () => deps.shopify.startBulkPublish(productIdsByLine(), options.publicationIds, ctx.signal),
        (url) => applyBulkResults(ctx, url, options.publicationIds),
      );
    },
  };
}
