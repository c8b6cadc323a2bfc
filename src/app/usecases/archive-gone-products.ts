import type { ProductRecords } from '../../domain/ports/product-records.js';
import type { ProductStatus } from '../../domain/model/catalog-write.js';
import type { ShopifyProducts } from '../../domain/ports/shopify-products.js';
import { keysetPages } from './keyset-pages.js';
import { runConcurrently } from './run-concurrently.js';
import type { StepContext } from './step-context.js';

const PAGE = 250;

export interface ArchiveGoneProductsDeps {
  readonly shopify: Pick<ShopifyProducts, 'setProductStatus'>;
  readonly state: Pick<ProductRecords, 'goneProducts' | 'markArchived'>;
}

/**
 * Archives (or drafts) the products API X no longer serves, never deletes them; one Shopify
 * refuses is named in the run's errors and tried again next run.
 */
export async function archiveGoneProducts(
  ctx: StepContext,
  deps: ArchiveGoneProductsDeps,
  options: {
    readonly archiveStatus: Exclude<ProductStatus, 'ACTIVE'>;
    readonly concurrency: number;
  },
): Promise<void> {
  const pages = keysetPages(
    null,
    (after: string | null) => deps.state.goneProducts(after, PAGE),
    (p) => p.externalId,
  );
  for await (const gone of pages) {
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
}
