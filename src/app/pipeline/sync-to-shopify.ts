import { UpstreamError } from '../../domain/errors.js';
import type { CatalogSource } from '../../domain/ports/catalog-source.js';
import type { BulkChunks } from '../../domain/ports/bulk-chunks.js';
import type { BulkLedger } from '../../domain/ports/bulk-ledger.js';
import type { CatalogStaging } from '../../domain/ports/catalog-staging.js';
import type { CollectionMappings } from '../../domain/ports/collection-mappings.js';
import type { CollectionMembership } from '../../domain/ports/collection-membership.js';
import type { HandDeletionMarks } from '../../domain/ports/hand-deletion-marks.js';
import type { PriceWrites } from '../../domain/ports/price-writes.js';
import type { OpenRecordSpool } from '../../domain/ports/record-spool.js';
import type { ProductChanges } from '../../domain/ports/product-changes.js';
import type { ProductRecords } from '../../domain/ports/product-records.js';
import type { VariantMappings } from '../../domain/ports/variant-mappings.js';
import type { Publications } from '../../domain/ports/publications.js';
import type { ShopSetup } from '../../domain/ports/shop-setup.js';
import type { UnpublishedProducts } from '../../domain/ports/unpublished-products.js';
import type { ShopifyBulkImports } from '../../domain/ports/shopify-bulk-imports.js';
import type { ShopifyCollections } from '../../domain/ports/shopify-collections.js';
import type { ShopifyDeletions } from '../../domain/ports/shopify-deletions.js';
import type { ShopifyPrices } from '../../domain/ports/shopify-prices.js';
import type { ShopifyProducts } from '../../domain/ports/shopify-products.js';
import type { VariantLookup } from '../../domain/ports/variant-lookup.js';
import { createBulkOperations } from '../usecases/bulk-operation.js';
import { bothEnded } from '../usecases/both-ended.js';
import {
  createDetectHandDeletions,
  NO_HAND_DELETION_CHECK,
} from '../usecases/detect-hand-deletions.js';
import {
  createExistingProducts,
  type ExistingProductsMode,
  type ExistingProductsPlan,
} from '../usecases/existing-products.js';
import { createStageCatalog } from '../usecases/stage-catalog.js';
import type { StepContext } from '../usecases/step-context.js';
import { createSyncCategories } from '../usecases/sync-categories.js';
import { createSyncCollectionMembership } from '../usecases/sync-collection-membership.js';
import { createSyncPrices } from '../usecases/sync-prices.js';
import { createSyncProducts } from '../usecases/sync-products.js';
import { createPublishProducts } from '../usecases/publish-products.js';
import type { VariantLimit } from '../usecases/variant-budget.js';

export interface SyncToShopifyDeps {
  readonly source: CatalogSource;
  /** The catalogue's Shopify side: each step below names the ports it uses. */
  readonly shopify: ShopSetup &
    Publications &
    ShopifyCollections &
    ShopifyProducts &
    ShopifyPrices &
    ShopifyBulkImports &
    ShopifyDeletions &
    VariantLookup;
  /** The catalogue's state in Postgres: each step below names the ports it uses. */
  readonly state: CollectionMappings &
    CatalogStaging &
    ProductChanges &
    BulkChunks &
    ProductRecords &
    VariantMappings &
    PriceWrites &
    CollectionMembership &
    HandDeletionMarks &
    BulkLedger &
    UnpublishedProducts;
  /** The running release: products' content hashes are reused within one (stage-catalog.ts). */
  readonly release?: string;
  /** Keeps products read before the prices for drafting (stage-catalog.ts); absent: read in turn. */
  readonly openSpool?: OpenRecordSpool;
  /** Stops the run before any write when the shop's custom ids were written under another key. */
  readonly customIdGuard?: (options: { dryRun: boolean }) => Promise<void>;
}

export interface SyncToShopifyOptions {
  readonly dryRun: boolean;
  readonly forceArchive: boolean;
  readonly archiveStatus: 'ARCHIVED' | 'DRAFT';
  readonly bulkThreshold: number;
  readonly concurrency: number;
  readonly maxFailureRatio: number;
  readonly maxArchiveRatio: number;
  readonly fullDeletionCheckHours: number;
  /** Names of the publications (sales channels) new products and collections go to; [] opts out. */
  readonly publishTo: readonly string[];
  /** SHOPIFY_EXISTING_PRODUCTS: products made outside this service under our SKUs. */
  readonly existingProducts: ExistingProductsMode;
  /** Shopify's daily new-variant limit, planned for on both write paths. */
  readonly variantLimit: VariantLimit;
}

/** The plan of a run (printed by --dry-run, and summarised after a real run). */
export interface SyncToShopifyPlan {
  /** Owner types whose custom-id definition was missing (created, or in a dry run: would be). */
  readonly customIdDefinitions: readonly string[];
  readonly categories: Awaited<ReturnType<ReturnType<typeof createSyncCategories>['run']>>;
  readonly products: Awaited<ReturnType<ReturnType<typeof createSyncProducts>['run']>> & {
    /** Of the products staged to write, those without a Shopify product yet (held back ones too). */
    readonly newProducts: number;
  };
  /** New products found already in Shopify (made outside this service) by their SKUs. */
  readonly existing: ExistingProductsPlan;
  readonly prices: Awaited<ReturnType<ReturnType<typeof createSyncPrices>['run']>>;
  /** Objects deleted by hand in Shopify that this run re-creates. */
  readonly handDeleted: { readonly products: number; readonly collections: number };
}

/**
 * The daily job, in order: finish what a crashed run left in flight, find hand-deleted products,
 * categories -> collections (collections exist before products join them), read the catalogue
 * (prices and products at once),
 * products -> Shopify, collection membership, then prices.
 */
export function createSyncToShopifyPipeline(deps: SyncToShopifyDeps) {
  const bulk = createBulkOperations({ shopify: deps.shopify, state: deps.state });
  const categories = createSyncCategories(deps);
  const stage = createStageCatalog(deps);
  const handDeletions = createDetectHandDeletions(deps);
  const existing = createExistingProducts(deps);
  const products = createSyncProducts({ ...deps, bulk });
  const publish = createPublishProducts({ ...deps, bulk });
  const membership = createSyncCollectionMembership(deps);
  const prices = createSyncPrices({ ...deps, bulk });

  return async function run(
    ctx: StepContext,
    options: SyncToShopifyOptions,
  ): Promise<SyncToShopifyPlan> {
    await deps.customIdGuard?.({ dryRun: options.dryRun });
    // API X's prices are read from here on, while the steps before staging wait on Shopify
    // (stage-catalog.ts, startPricesRead); a failure before staging stops the read.
    stage.startPricesRead(ctx);
    try {
      return await syncAfterPricesStarted(ctx, options);
    } catch (error) {
      await stage.abandon();
      throw error;
    }
  };

  async function syncAfterPricesStarted(
    ctx: StepContext,
    options: SyncToShopifyOptions,
  ): Promise<SyncToShopifyPlan> {
    // Three independent round trips to Shopify, sent at once (each waits on the network). The
    // first one writes (it creates missing definitions): a failed read stops it but the run fails
    // only once it has ended, never while that mutation is still in flight (the run's caller
    // then ends the pool and releases the lock).
    const [definitions, [money, publicationIds]] = await bothEnded(ctx, [
      // A dry run makes no mutation at all: missing definitions are only reported.
      (both) => deps.shopify.ensureCustomIdDefinitions(both.signal, { dryRun: options.dryRun }),
      (both) =>
        Promise.all([
          deps.shopify.shopMoneySettings(both.signal),
          publicationsNamed(deps.shopify, options.publishTo, both.signal),
        ]),
    ]);
    const publishing = { publicationIds, concurrency: options.concurrency };
    if (!options.dryRun) {
      await bulk.resume(ctx, 'product-upsert', (url) =>
        products.applyBulkResults(ctx, url, publishing),
      );
      await bulk.resume(ctx, 'product-publish', (url) =>
        publish.applyBulkResults(ctx, url, publicationIds),
      );
      // A price bulk operation needs the staged groups it was built from; they are still staged.
      await bulk.resume(ctx, 'price-update', async () => {});
    }
    // Read before staging is reset: their variants may be in Shopify, unrecorded here.
    const sentUnrecorded = options.dryRun
      ? new Set<string>()
      : await deps.state.productsSentInBulkUnrecorded();
    // The hand-deletion check mostly waits on Shopify (deletion events; now and then a bulk
    // listing): it runs while categories and prices are read. Its collection half must end
    // before categories are synced, its product half before products are staged (they decide
    // what is sent again). If those steps fail, the check is stopped with them.
    // Nothing reads the staging from here on until it is refilled: clearing it overlaps the
    // hand-deletion check and categories.
    stage.startReset();
    const stopCheck = new AbortController();
    const checkCtx = { ...ctx, signal: AbortSignal.any([ctx.signal, stopCheck.signal]) };
    const check = options.dryRun
      ? NO_HAND_DELETION_CHECK
      : handDeletions.start(checkCtx, { fullCheckEveryHours: options.fullDeletionCheckHours });
    let categoryPlan: SyncToShopifyPlan['categories'];
    let handDeleted: SyncToShopifyPlan['handDeleted'];
    try {
      const collections = await check.collections;
      categoryPlan = await categories.run(ctx, { dryRun: options.dryRun, publicationIds });
      // Prices and products are read at once (stage-catalog.ts, catalog()); no product is staged
      // before the check's product half has ended.
      const productsChecked = check.products;
      productsChecked.catch(() => {});
      await stage.catalog(ctx, {
        shopCurrency: money.currencyCode,
        archiveStatus: options.archiveStatus,
        productsAfter: productsChecked,
      });
      handDeleted = { products: (await productsChecked).forgotten, collections };
    } finally {
      stopCheck.abort(new Error('the run stopped'));
    }
    const { adopted, newProducts, ...existingPlan } = await existing(ctx, {
      mode: options.existingProducts,
      dryRun: options.dryRun,
      concurrency: options.concurrency,
    });
    const productPlan = await products.run(ctx, {
      ...options,
      publicationIds,
      sentUnrecorded,
      adopted,
    });
    // Products written unpublished (this run's, or refused earlier) go live before membership
    // and prices: publishing is what makes them visible at all.
    if (!options.dryRun)
      await publish.run(ctx, {
        publicationIds,
        concurrency: options.concurrency,
        bulkThreshold: options.bulkThreshold,
      });
    // Membership and prices touch different things (collections' products; variants' prices,
    // and in Postgres the products' memberOf and the price mappings): neither reads what the
    // other writes, so they run at once, their preparing queries too. One failing stops the
    // other; both have ended before the step fails.
    const [, pricePlan] = await bothEnded(ctx, [
      async (both) => {
        if (!options.dryRun) await membership.run(both, { concurrency: options.concurrency });
      },
      (both) => prices.run(both, options),
    ]);
    return {
      customIdDefinitions: definitions,
      categories: categoryPlan,
      products: { ...productPlan, newProducts },
      existing: existingPlan,
      prices: pricePlan,
      handDeleted,
    };
  }
}

/**
 * The configured publications' ids, looked up by name before anything is written: a name the
 * shop does not have stops the run (products would otherwise go live nowhere, silently).
 */
async function publicationsNamed(
  shopify: Pick<Publications, 'publicationsByName'>,
  names: readonly string[],
  signal: AbortSignal,
): Promise<string[]> {
  if (names.length === 0) return [];
  const byName = await shopify.publicationsByName(signal);
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length > 0)
    throw new UpstreamError(
      'shopify',
      `no publication named ${missing.map((n) => JSON.stringify(n)).join(', ')} in the shop (it has: ${[...byName.keys()].map((n) => JSON.stringify(n)).join(', ') || 'none the app can read'})`,
      {
        retryable: false,
        hint: 'set SHOPIFY_PUBLISH_TO to existing publication names, or to "none" to publish by hand; the app needs read_publications/write_publications',
      },
    );
  return names.map((n) => byName.get(n) as string);
}
