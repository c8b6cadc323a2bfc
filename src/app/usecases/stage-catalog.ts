import type { Product } from '../../domain/model/catalog.js';
import type { CatalogSource } from '../../domain/ports/catalog-source.js';
import type {
  CatalogStaging,
  KnownContent,
  StagedPrice,
  StagedProduct,
} from '../../domain/ports/catalog-staging.js';
import type { ProductStatus } from '../../domain/model/catalog-write.js';
import {
  normaliseMoney,
  PRODUCT_DRAFT_FORMAT,
  priceHash,
  productHash,
  productStatus,
  productToDraft,
  unpricedVariants,
} from './catalog-mapping.js';
import { productRecordKey, recordDigest } from './content-hash.js';
import { ambiguousCopy, chooseCopy } from './newest-copy.js';
import { createProgress } from './progress.js';
import type { StepContext } from './step-context.js';

export interface StageCatalogDeps {
  readonly source: Pick<CatalogSource, 'products' | 'prices'>;
  readonly state: CatalogStaging;
  /**
   * The running release (package version). Given, a product's content hash is remembered under
   * its record key (productRecordKey) and reused by later runs of the same release that find the
   * record unchanged, instead of drafting and hashing it again; absent, every product is drafted.
   */
  readonly release?: string;
}

// Rows per staging statement. Larger batches cost fewer round trips, but each waits for its
// whole batch; ~2,000 products (6,000 prices) was the fastest in a 100k-product trial.
const PRODUCT_BATCH = 2000;
const PRICE_BATCH = 6000;

/**
 * At most one staging write in flight while the next batch is read: reading API X, building
 * drafts and Postgres's lookups and inserts overlap instead of taking turns. Writes stay in order
 * (a product staged again must land after its earlier copy), and a failed write is thrown at
 * the next write or at `drain`. (Not app/usecases/write-behind.ts: that one batches outcomes
 * into one statement; this one only overlaps ordered writes with reading.)
 */
function createOrderedWriter() {
  let inFlight: Promise<void> = Promise.resolve();
  return {
    /**
     * Runs `body`; if it throws (API X failed, the run was aborted) the write in flight is
     * awaited before the error goes on, so no staging write lands after the step has failed
     * and the run is recorded as failed (the write's own error is secondary and dropped).
     */
    async around<T>(body: () => Promise<T>): Promise<T> {
      try {
        return await body();
      } catch (error) {
        await inFlight.catch(() => {});
        throw error;
      }
    },
    async write(start: () => Promise<void>): Promise<void> {
      await inFlight;
      inFlight = start();
      // Thrown where it is awaited (next write, or drain); this keeps it from going unhandled
      // when the read stops first.
      inFlight.catch(() => {});
    },
    drain: (): Promise<void> => inFlight,
  };
}

/**
 * Reads API X's prices, then its products, into the staging tables, page by page as they stream
 * in (memory stays flat). Prices come first so that product drafts carry them: a new variant must
 * never appear in Shopify at the default price of 0.
 */
export function createStageCatalog(deps: StageCatalogDeps) {
  // A price API X serves twice would make one staging upsert touch a row twice (Postgres
  // refuses the whole batch). Prices carry no updatedAt in the model, so the newest copy cannot
  // be told: the first copy is kept, the repeat recorded. (Products: newest copy, see below.)
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

  // A reset started ahead of prices() (startReset), so that it overlaps the steps before it.
  let resetting: Promise<void> | null = null;

  return {
    /**
     * Starts clearing the staging now; prices() waits for it. Deleting the last run's rows took
     * 1.2 s at 10k products on a busy machine (load ~20), time the steps before (the hand-deletion
     * check and categories, waiting on Shopify and API X) can hide. Call it only once nothing
     * reads the staging any more (after bulk operations are resumed).
     */
    startReset(): void {
      resetting = deps.state.resetStaging();
      // Awaited by prices() or abandonReset(); until then this keeps a failure from going unhandled.
      resetting.catch(() => {});
    },
    /** The run stopped before prices(): waits for a started reset, so none lands after it ended. */
    async abandonReset(): Promise<void> {
      await resetting?.catch(() => {});
      resetting = null;
    },
    /** Clears the staging (or waits for startReset's), then stages API X's prices (they go into the product drafts). */
    async prices(ctx: StepContext, options: { shopCurrency: string }) {
      const reset = resetting ?? deps.state.resetStaging();
      resetting = null;
      await reset;
      const seenPrices = new Set<string>();
      const writer = createOrderedWriter();
      let prices: StagedPrice[] = [];
      const priceProgress = createProgress(ctx, 'reading prices from API X', null);
      await writer.around(async () => {
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
            compareAt:
              price.compareAtAmount === null ? null : normaliseMoney(price.compareAtAmount),
            contentHash: priceHash(price),
          });
          if (prices.length >= PRICE_BATCH) {
            const batch = prices;
            await writer.write(() => deps.state.stagePrices(batch));
            priceProgress.add(batch.length);
            prices = [];
          }
        }
        const last = prices;
        await writer.write(() => deps.state.stagePrices(last));
        await writer.drain();
      });
      priceProgress.done();
    },

    /**
     * Stages API X's products, their drafts carrying the staged prices. A product served twice
     * is staged as its newest copy (chooseCopy); a staged row is simply staged again, the
     * upsert replacing it. A malformed copy holds the product back, whichever copy is newer.
     */
    async products(ctx: StepContext, options: { archiveStatus: Exclude<ProductStatus, 'ACTIVE'> }) {
      // The copy kept (updatedAt, digest), null once the product is held back. 100k ids: ~15 MB.
      const kept = new Map<string, { updatedAt: string; hash: string } | null>();
      const writer = createOrderedWriter();
      let page: StagedProduct[] = [];
      let pending: { product: Product; digest: string }[] = [];
      const productProgress = createProgress(ctx, 'reading products from API X', null);
      const release = deps.release === undefined ? null : `${deps.release}/${PRODUCT_DRAFT_FORMAT}`;
      const draftOf = (product: Product, prices: Parameters<typeof productToDraft>[2]) =>
        productToDraft(product, options.archiveStatus, prices);
      // A batch is priced, drafted and staged behind the read: its price lookup and insert
      // overlap with reading the next batch from API X.
      const stageBatch = async (
        batch: { product: Product; digest: string }[],
        rows: StagedProduct[],
      ) => {
        const variantIds = batch.flatMap((p) => p.product.variants.map((v) => v.externalId));
        const [stagedPrices, known] = await Promise.all([
          deps.state.stagedPricesOf(variantIds),
          release === null
            ? new Map<string, KnownContent>()
            : deps.state.knownContentOf(batch.map((p) => p.product.externalId)),
        ]);
        // Products whose hash was known: drafted only if the store still wants their draft.
        const unbuilt = new Map<string, Product>();
        for (const { product, digest } of batch) {
          if (product.active) {
            // Held back as DRAFT by productToDraft: each variant without a price is named.
            for (const variantId of unpricedVariants(product, stagedPrices))
              await ctx.recordError({
                entity: 'product',
                externalId: product.externalId,
                field: `variants[${variantId}].price`,
                reason: `variant ${variantId} has no valid price in API X (missing, or refused: see its price error), so product ${product.externalId} stays a DRAFT, not for sale, until every variant has one`,
                payload: { productId: product.externalId, variantId },
              });
          }
          const base = {
            externalId: product.externalId,
            categoryIds: product.categoryIds,
            active: product.active,
          };
          const recordKey =
            release === null
              ? undefined
              : productRecordKey(
                  digest,
                  productStatus(product, options.archiveStatus, stagedPrices),
                  release,
                );
          const remembered = known.get(product.externalId);
          if (recordKey !== undefined && remembered?.recordKey === recordKey) {
            unbuilt.set(product.externalId, product);
            rows.push({ ...base, contentHash: remembered.contentHash, draft: 'unbuilt' });
            continue;
          }
          const draft = draftOf(product, stagedPrices);
          rows.push({
            ...base,
            contentHash: productHash(draft),
            draft,
            ...(recordKey === undefined ? {} : { recordKey }),
          });
        }
        const wanted = await deps.state.stageProducts(rows);
        await deps.state.stageDrafts(
          wanted.flatMap((id) => {
            const product = unbuilt.get(id);
            return product ? [draftOf(product, stagedPrices)] : [];
          }),
        );
        productProgress.add(rows.length);
      };
      const flush = async () => {
        const batch = pending;
        const rows = page;
        pending = [];
        page = [];
        await writer.write(() => stageBatch(batch, rows));
      };
      // One staging upsert may not touch a row twice (Postgres refuses the batch): an earlier
      // copy still in the buffers is dropped before the newer one goes in.
      const unbuffer = (externalId: string) => {
        pending = pending.filter((p) => p.product.externalId !== externalId);
        page = page.filter((p) => p.externalId !== externalId);
      };
      await writer.around(async () => {
        for await (const parsed of deps.source.products(ctx.signal)) {
          ctx.signal.throwIfAborted();
          if (!parsed.ok) {
            const externalId = parsed.error.externalId;
            await ctx.recordError(parsed.error);
            kept.set(externalId, null);
            unbuffer(externalId);
            // Staged without a draft: seen upstream (so never archived for being "gone"), never written.
            page.push({ externalId, contentHash: '', categoryIds: [], active: true, draft: null });
            continue;
          }
          const product = parsed.value;
          const previous = kept.get(product.externalId);
          if (previous === null) continue;
          // Compared with a later copy in this run only, so a digest of the parsed record (built
          // in one key order) serves: no canonical form needed, and it costs a fifth as much.
          const copy = { updatedAt: product.updatedAt, hash: recordDigest(product) };
          if (previous !== undefined) {
            const choice = chooseCopy(previous, copy);
            if (choice === 'keep') continue;
            unbuffer(product.externalId);
            if (choice === 'ambiguous') {
              kept.set(product.externalId, null);
              await ctx.recordError(ambiguousCopy('product', product));
              page.push({
                externalId: product.externalId,
                contentHash: '',
                categoryIds: [],
                active: true,
                draft: null,
              });
              continue;
            }
          }
          kept.set(product.externalId, copy);
          pending.push({ product, digest: copy.hash });
          if (pending.length + page.length >= PRODUCT_BATCH) await flush();
        }
        await flush();
        await writer.drain();
      });
      productProgress.done();
      return { products: kept.size };
    },
  };
}
