import type { ChangedProduct, ProductChanges } from '../../domain/ports/product-changes.js';
import type { ShopifyProducts } from '../../domain/ports/shopify-products.js';
import type { WithCollectionsToJoin } from './collections-on-create.js';
import {
  createsVariants,
  namesMissingVariant,
  type ProductWriteOutcome,
  type ProductWriteRun,
  type WrittenProduct,
} from './product-write-outcome.js';
import type { ProductVariantIds } from './product-variant-ids.js';
import { keysetPages } from './keyset-pages.js';
import { runConcurrently } from './run-concurrently.js';
import type { StepContext } from './step-context.js';

const PAGE = 250;

export interface ProductMutationWriteDeps {
  readonly shopify: Pick<ShopifyProducts, 'upsertProduct'>;
  readonly state: Pick<ProductChanges, 'changedProducts'>;
  readonly outcome: ProductWriteOutcome;
  readonly variantIds: ProductVariantIds;
  readonly withCollectionsToJoin: WithCollectionsToJoin;
}

const createsOnlyNewVariants = (p: ChangedProduct) =>
  p.draft.variants.every((v) => v.shopifyId === undefined);

/** The regular path: one productSet per changed product, a page at a time. */
export async function writeProductsByMutation(
  ctx: StepContext,
  deps: ProductMutationWriteDeps,
  options: { readonly concurrency: number; readonly adopted?: ReadonlySet<string> },
  run: ProductWriteRun,
): Promise<void> {
  const { tally } = run;
  const pages = keysetPages(
    null,
    (after: string | null) => deps.state.changedProducts(after, PAGE),
    (p) => p.externalId,
  );
  for await (const page of pages) {
    const ok: WrittenProduct[] = [];
    const drafts = await deps.variantIds.withVariantIds(ctx, page, {
      concurrency: options.concurrency,
    });
    await runConcurrently(
      // A new product found in Shopify by the lookup (its variants placed by GID) may have
      // memberships of its own: it joins through the membership step.
      await deps.withCollectionsToJoin(
        drafts,
        (p) => options.adopted?.has(p.externalId) === true || !createsOnlyNewVariants(p),
      ),
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
        if (
          namesMissingVariant(result) &&
          (await deps.variantIds.dropStaleVariants(ctx, changed)) > 0
        ) {
          const [placed] = await deps.variantIds.withVariantIds(ctx, [changed], { concurrency: 1 });
          if (placed) result = await deps.shopify.upsertProduct(placed.draft, ctx.signal);
        }
        await deps.outcome.takeResult(ctx, tally, changed, result, ok);
      },
    );
    await deps.outcome.saveWritten(ctx, ok, run.publishing);
    run.progress.add(page.length);
    run.checkFailures();
  }
}
