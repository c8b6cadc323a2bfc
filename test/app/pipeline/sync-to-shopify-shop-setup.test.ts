/**
 * sync-to-shopify's first step, in memory: the custom-id definitions (a write) and the reads of
 * the shop's currencies and publications go out at once, and a failed read does not end the run
 * while the definitions' mutation is still in flight (the run's caller ends the pool and releases
 * the lock once it ends).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createSyncToShopifyPipeline,
  type SyncToShopifyDeps,
  type SyncToShopifyOptions,
} from '../../../src/app/pipeline/sync-to-shopify.js';
import { UpstreamError } from '../../../src/domain/errors.js';
import type { ShopSetup } from '../../../src/domain/ports/shop-setup.js';
import { SHOPIFY_VARIANT_LIMIT } from '../../../src/app/usecases/variant-budget.js';
import { createFakeBulkChunks } from '../../support/fakes/bulk-chunks.js';
import { createFakeBulkLedger } from '../../support/fakes/bulk-ledger.js';
import { createFakeCatalogSource } from '../../support/fakes/catalog-source.js';
import { createFakeCatalogStaging } from '../../support/fakes/catalog-staging.js';
import { createFakeCollectionMappings } from '../../support/fakes/collection-mappings.js';
import { createFakeCollectionMembership } from '../../support/fakes/collection-membership.js';
import { createFakePriceWrites } from '../../support/fakes/price-writes.js';
import { createFakeProductChanges } from '../../support/fakes/product-changes.js';
import { createFakeProductRecords } from '../../support/fakes/product-records.js';
import { createFakePublications } from '../../support/fakes/publications.js';
import { createFakeBulkProductImports } from '../../support/fakes/shopify-bulk-imports.js';
import { createFakeShopifyCollections } from '../../support/fakes/shopify-collections.js';
import { createFakeShopifyPrices } from '../../support/fakes/shopify-prices.js';
import { createFakeShopifyProducts } from '../../support/fakes/shopify-products.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { createFakeUnpublishedProducts } from '../../support/fakes/unpublished-products.js';
import { createFakeVariantMappings } from '../../support/fakes/variant-mappings.js';

const OPTIONS: SyncToShopifyOptions = {
  dryRun: false,
  forceArchive: false,
  archiveStatus: 'ARCHIVED',
  bulkThreshold: 1000,
  concurrency: 2,
  maxFailureRatio: 0.1,
  maxArchiveRatio: 0.1,
  fullDeletionCheckHours: 24,
  publishTo: ['Nowhere'],
  existingProducts: 'refuse',
  variantLimit: SHOPIFY_VARIANT_LIMIT,
};

/** Ports past the first step: this run must not reach them. */
function unreached(): never {
  throw new Error('the run went past its first step');
}

/** Every port in memory; `setup` is the shop's definitions and money settings. */
function deps(setup: ShopSetup): SyncToShopifyDeps {
  const products = createFakeShopifyProducts();
  return {
    source: createFakeCatalogSource({ products: [], prices: [] }),
    shopify: {
      ...setup,
      ...createFakePublications({ 'Online Store': 'gid://shopify/Publication/1' }).publications,
      ...createFakeShopifyCollections().shopify,
      ...products.shopify,
      ...createFakeShopifyPrices().shopify,
      ...createFakeBulkProductImports(() => unreached()).shopify,
      deletionEventsSince: unreached,
      existingCollections: unreached,
      listSyncedProducts: unreached,
      variantsBySku: unreached,
      adoptProduct: unreached,
      changeCollectionMembers: unreached,
      startBulkPriceUpdate: unreached,
      bulkPriceResults: unreached,
      bulkOperation: unreached,
    },
    state: {
      ...createFakeCollectionMappings().store,
      ...createFakeCatalogStaging().staging,
      ...createFakeProductChanges([], { mappedActive: 0, gone: 0 }).changes,
      ...createFakeBulkChunks([]).bulkChunks,
      ...createFakeProductRecords().records,
      ...createFakeVariantMappings().mappings,
      ...createFakePriceWrites([]).writes,
      ...createFakeCollectionMembership([]).membership,
      ...createFakeBulkLedger().ledger,
      ...createFakeUnpublishedProducts().store,
      deletionCheckMarks: unreached,
      recordDeletionCheck: unreached,
    },
  };
}

test('an unknown publication fails the run only after the definitions write has ended', async () => {
  const events: string[] = [];
  let releaseWrite = () => {};
  const writeHeld = new Promise<void>((resolve) => (releaseWrite = resolve));
  let writeStarted = () => {};
  const started = new Promise<void>((resolve) => (writeStarted = resolve));
  const setup: ShopSetup = {
    async ensureCustomIdDefinitions() {
      writeStarted();
      await writeHeld;
      events.push('definitions written');
      return ['PRODUCT'];
    },
    shopMoneySettings: async () => ({ currencyCode: 'EUR', enabledPresentmentCurrencies: [] }),
    shopVariants: async () => ({ variants: 0, plus: false }),
  };
  const { ctx } = fakeStepContext();
  const run = createSyncToShopifyPipeline(deps(setup))(ctx, OPTIONS).then(
    () => events.push('run ended: ok'),
    (error: unknown) => events.push(`run ended: ${error instanceof UpstreamError}`),
  );
  await started;
  // The lookup answers from memory: by the next turn of the event loop its failure has reached
  // whatever awaits it. Only then is the write let through.
  await new Promise((resolve) => setImmediate(resolve));
  releaseWrite();
  await run;
  assert.equal(events, ['definitions written', 'run ended: true']);
});

test("API X's prices are read from the first step, and a failed first step stops that read before the run ends", async () => {
  const events: string[] = [];
  const setup: ShopSetup = {
    ensureCustomIdDefinitions: async () => [],
    async shopMoneySettings() {
      // By now the price read is under way (it starts with the run, beside these round trips).
      await new Promise((resolve) => setImmediate(resolve));
      throw new UpstreamError('shopify', 'shop read failed', { retryable: true });
    },
    shopVariants: async () => ({ variants: 0, plus: false }),
  };
  const base = deps(setup);
  const source: SyncToShopifyDeps['source'] = {
    ...base.source,
    async *prices(signal) {
      events.push('prices: first request');
      try {
        // API X answers nothing until the read is stopped.
        const answer = await new Promise<never>((_, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
        );
        yield answer;
      } finally {
        events.push('prices: read ended');
      }
    },
  };
  const { ctx } = fakeStepContext();
  await createSyncToShopifyPipeline({ ...base, source })(ctx, { ...OPTIONS, publishTo: [] }).then(
    () => events.push('run ended: ok'),
    (error: unknown) => events.push(`run ended: ${String(error).includes('shop read failed')}`),
  );
  assert.equal(events, ['prices: first request', 'prices: read ended', 'run ended: true']);
});

test.run();
