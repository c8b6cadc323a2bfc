import type { Product } from '../../domain/model/catalog.js';
import type { CatalogSource } from '../../domain/ports/catalog-source.js';
import type { CatalogState, StagedPrice, StagedProduct } from '../../domain/ports/catalog-state.js';
import type { ProductStatus } from '../../domain/ports/shopify-catalog.js';
import { normaliseMoney, priceHash, productHash, productToDraft } from './catalog-mapping.js';
import { createProgress } from './progress.js';
import type { StepContext } from './step-context.js';

export interface StageCatalogDeps {
  readonly source: Pick<CatalogSource, 'products' | 'prices'>;
  readonly state: Pick<
    CatalogState,
    'resetStaging' | 'stagePrices' | 'stagedPricesOf' | 'stageProducts'
  >;
}

const PAGE = 500;

/**
 * Reads API X's prices, then its products, into the staging tables, page by page as they stream
 * in (memory stays flat). Prices come first so that product drafts carry them: a new variant must
 * never appear in Shopify at the default price of 0.
 */
export function createStageCatalog(deps: StageCatalogDeps) {
  // An id API X serves twice would make one staging upsert touch a row twice (Postgres refuses
  // the whole batch) or silently let the later copy win: the first copy is kept, the repeat
  // recorded. A set of ids stays small next to the records themselves (100k ids: a few MB).
  const repeated = (
    ctx: StepContext,
    entity: 'price' | 'product',
    externalId: string,
    payload: unknown,
  ) =>
    ctx.recordError({
      entity,
      externalId,
      field: entity === 'price' ? 'variantId' : 'id',
      reason: `${entity} ${externalId} appears twice in API X's feed; the first copy was used`,
      payload,
    });

  return {
    /** Clears the staging, then stages API X's prices (they go into the product drafts). */
    async prices(ctx: StepContext, options: { shopCurrency: string }) {
      await deps.state.resetStaging();
      const seenPrices = new Set<string>();
      let prices: StagedPrice[] = [];
      const priceProgress = createProgress(ctx, 'reading prices from API X', null);
      for await (const parsed of deps.source.prices(ctx.signal)) {
        ctx.signal.throwIfAborted();
        if (!parsed.ok) {
          await ctx.recordError(parsed.error);
          continue;
        }
        const price = parsed.value;
        if (seenPrices.has(price.variantId)) {
          await repeated(ctx, 'price', price.variantId, price);
          continue;
        }
        seenPrices.add(price.variantId);
        if (price.currency !== options.shopCurrency) {
          await ctx.recordError({
            entity: 'price',
            externalId: price.variantId,
            field: 'currency',
            reason: `price is in ${price.currency} but the shop sells in ${options.shopCurrency}; fix the price in API X`,
            payload: price,
          });
          continue;
        }
        prices.push({
          variantExternalId: price.variantId,
          amount: normaliseMoney(price.amount),
          compareAt: price.compareAtAmount === null ? null : normaliseMoney(price.compareAtAmount),
          contentHash: priceHash(price),
        });
        if (prices.length >= PAGE * 2) {
          await deps.state.stagePrices(prices);
          priceProgress.add(prices.length);
          prices = [];
        }
      }
      await deps.state.stagePrices(prices);
      priceProgress.done();
    },

    /** Stages API X's products, their drafts carrying the staged prices. */
    async products(ctx: StepContext, options: { archiveStatus: Exclude<ProductStatus, 'ACTIVE'> }) {
      const seenProducts = new Set<string>();
      let page: StagedProduct[] = [];
      let pending: { product: Product }[] = [];
      const productProgress = createProgress(ctx, 'reading products from API X', null);
      let staged = 0;
      const flush = async () => {
        const variantIds = pending.flatMap((p) => p.product.variants.map((v) => v.externalId));
        const stagedPrices = await deps.state.stagedPricesOf(variantIds);
        for (const { product } of pending) {
          const draft = productToDraft(product, options.archiveStatus, stagedPrices);
          page.push({
            externalId: product.externalId,
            contentHash: productHash(draft),
            categoryIds: product.categoryIds,
            active: product.active,
            draft,
          });
        }
        await deps.state.stageProducts(page);
        staged += page.length;
        productProgress.add(page.length);
        page = [];
        pending = [];
      };
      for await (const parsed of deps.source.products(ctx.signal)) {
        ctx.signal.throwIfAborted();
        const externalId = parsed.ok ? parsed.value.externalId : parsed.error.externalId;
        if (seenProducts.has(externalId)) {
          await repeated(
            ctx,
            'product',
            externalId,
            parsed.ok ? parsed.value : parsed.error.payload,
          );
          continue;
        }
        seenProducts.add(externalId);
        if (!parsed.ok) {
          await ctx.recordError(parsed.error);
          // Staged without a draft: seen upstream (so never archived for being "gone"), never written.
          page.push({
            externalId: parsed.error.externalId,
            contentHash: '',
            categoryIds: [],
            active: true,
            draft: null,
          });
          continue;
        }
        pending.push({ product: parsed.value });
        if (pending.length + page.length >= PAGE) await flush();
      }
      await flush();
      productProgress.done();
      return { products: staged };
    },
  };
}
