import { bothEnded } from './both-ended.js';
import type { Price, Product } from '../../domain/model/catalog.js';
import type { Parsed } from '../../domain/model/record-error.js';
import type { CatalogSource } from '../../domain/ports/catalog-source.js';
import type {
  CatalogStaging,
  KnownContent,
  StagedPrice,
  StagedProduct,
  UnpricedVariant,
} from '../../domain/ports/catalog-staging.js';
import type { ProductStatus } from '../../domain/model/catalog-write.js';
import type { OpenRecordSpool, RecordSpool } from '../../domain/ports/record-spool.js';
import {
  normaliseMoney,
  PRODUCT_DRAFT_FORMAT,
  hashOfNormalisedPrice,
  productHash,
  productStatus,
  productToDraft,
  unpricedVariants,
} from './catalog-mapping.js';
import { digestOfRecordJson, productRecordKey } from './content-hash.js';
import { ambiguousCopy, chooseCopy } from './newest-copy.js';
import { createProgress } from './progress.js';
import { PRICES_READ_AHEAD } from './prices-read-early.js';
import { readAhead, type ReadAhead } from './read-ahead.js';
import { createSerialQueue } from './serial-queue.js';
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
  /**
   * Where products staged before every price is in are kept until their drafts may be built
   * (catalog()). Absent: catalog() reads prices, then products, as prices() and products() do.
   */
  readonly openSpool?: OpenRecordSpool;
}

// Rows per staging statement. Larger batches cost fewer round trips, but each waits for its
// whole batch; ~2,000 products was the fastest in a 100k-product trial. Prices go 2,000 at a
// time too (6,000 before): their last batch is written after API X's last page, on the run's
// critical path (10k no-change: ~100 ms for 6,000 rows), and the earlier ones overlap the read.
const PRODUCT_BATCH = 2000;
const PRICE_BATCH = 2000;
// Unpriced variants named per statement after a provisional staging (usually none at all).
const UNPRICED_PAGE = 5000;

/**
 * Characters of record JSON kept in memory for products that wait for their prices
 * (createAwaitingPrices); beyond it they are spooled. ~650 B a product: 10k products' worth is
 * ~6 MB, so a 10k no-change run, whose products are read ahead of their prices, spools nothing.
 */
const AWAITING_PRICES_CHARS = 4_000_000;

/** What catalog() stages with. */
interface CatalogOptions {
  readonly shopCurrency: string;
  readonly archiveStatus: Exclude<ProductStatus, 'ACTIVE'>;
  readonly productsAfter?: Promise<unknown>;
}

/** A variant without a valid price: its product is held back as a DRAFT (productToDraft). */
function unpricedError(productId: string, variantId: string) {
  return {
    entity: 'product' as const,
    externalId: productId,
    field: `variants[${variantId}].price`,
    reason: `variant ${variantId} has no valid price in API X (missing, or refused: see its price error), so product ${productId} stays a DRAFT, not for sale, until every variant has one`,
    payload: { productId, variantId },
  };
}

/**
 * Characters of a record digest (base64) that tell two copies of one product apart in `kept`: 96
 * bits, where a whole digest is 256.
 */
const KEPT_HASH_CHARS = 16;

/**
 * A product copy as readProducts keeps it for the whole read: the start of its digest and its
 * updatedAt in one string of its own (decoded anew: a concatenation or a slice keeps the strings
 * it was made of alive). An object with both whole strings took ~200 B a product, 21 MB of the
 * live heap at 100k; this ~120 B (issue 19: the live heap of a 100k staging, 27 MB mid-read).
 */
function packCopy(copy: { readonly updatedAt: string; readonly hash: string }): string {
  return Buffer.from(copy.hash + copy.updatedAt).toString();
}

function unpackCopy(packed: string): { updatedAt: string; hash: string } {
  return { hash: packed.slice(0, KEPT_HASH_CHARS), updatedAt: packed.slice(KEPT_HASH_CHARS) };
}

/**
 * Variant ids of the prices read so far. A repeat is told by `seen`; `priced` answers whether a
 * variant's price is staged by the time the price read ends (read and in the shop's currency).
 * Usually `refused` stays empty.
 */
function createPricesRead() {
  const seen = new Set<string>();
  const refused = new Set<string>();
  return {
    seen,
    refused,
    priced: (variantId: string): boolean => seen.has(variantId) && !refused.has(variantId),
  };
}

/** A product read, its recordDigest and the JSON that digest is of. */
interface Kept {
  readonly product: Product;
  readonly digest: string;
  readonly json: string;
}

/** A record kept for drafting: its digest, its product's id and its JSON. */
interface KeptRecord {
  readonly digest: string;
  readonly externalId: string;
  readonly json: string;
}

/**
 * Provisionally staged products assumed ACTIVE whose variants' prices are not all read yet: their
 * record is needed (finishProvisional) only if one never comes. They wait here, up to `maxChars`
 * of JSON, instead of in the spool: most are let go as their prices arrive (issue 19: products
 * are read ahead of their prices, and spooling each one's JSON was ~0.2 s of a 10k no-change
 * run's CPU, beside the price read).
 */
function createAwaitingPrices(maxChars: number) {
  const held = new Map<string, { readonly record: KeptRecord; readonly variantIds: string[] }>();
  let chars = 0;
  const drop = (externalId: string) => {
    const h = held.get(externalId);
    if (h === undefined) return;
    held.delete(externalId);
    chars -= h.record.json.length;
  };
  return {
    /** Holds what fits (a later copy replacing an earlier one); answers the rest, to be spooled. */
    hold(records: readonly Kept[]): Kept[] {
      const rest: Kept[] = [];
      for (const k of records) {
        const externalId = k.product.externalId;
        drop(externalId);
        if (chars + k.json.length > maxChars) {
          rest.push(k);
          continue;
        }
        held.set(externalId, {
          record: { digest: k.digest, externalId, json: k.json },
          variantIds: k.product.variants.map((v) => v.externalId),
        });
        chars += k.json.length;
      }
      return rest;
    },
    /** Lets go of the products whose every variant is priced now (a price never leaves once read). */
    release(priced: (variantId: string) => boolean): void {
      for (const [externalId, h] of held) if (h.variantIds.every(priced)) drop(externalId);
    },
    records: (): Iterable<KeptRecord> => [...held.values()].map((h) => h.record),
    clear(): void {
      held.clear();
      chars = 0;
    },
  };
}

/**
 * At most one staging write in flight while the next batch is read: reading API X, building
 * drafts and Postgres's lookups and inserts overlap instead of taking turns. Writes stay in order
 * (a product staged again must land after its earlier copy), and a failed write is thrown at
 * the next write or at `drain` (the serial queue's 'stop': no write runs after a failed one).
 * (Not app/usecases/write-behind.ts: that one batches outcomes into one statement; this one only
 * overlaps ordered writes with reading.)
 */
function createOrderedWriter() {
  const writes = createSerialQueue();
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
        await writes.drain().catch(() => {});
        throw error;
      }
    },
    /** Waits for the write in flight (throwing its failure), then starts this one. */
    async write(start: () => Promise<void>): Promise<void> {
      await writes.drain();
      // Its failure is kept by the queue and thrown where it is awaited (next write, or drain).
      void writes.run(start);
    },
    drain: (): Promise<void> => writes.drain(),
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
  // API X's prices, read from the start of the run (startPricesRead) until catalog() takes them.
  let pricesAhead: ReadAhead<Parsed<Price>> | null = null;

  return {
    /**
     * Starts clearing the staging now; prices() waits for it. Deleting the last run's rows took
     * 1.2 s at 10k products on a busy machine (load ~20), time the steps before (the hand-deletion
     * check and categories, waiting on Shopify and API X) can hide. Call it only once nothing
     * reads the staging any more (after bulk operations are resumed).
     */
    startReset(): void {
      resetting = deps.state.resetStaging();
      // Awaited by prices(), catalog() or abandon(); until then this keeps a failure from going unhandled.
      resetting.catch(() => {});
    },
    /**
     * Starts reading API X's prices now, up to PRICES_READ_AHEAD of them, for catalog(): the
     * steps before it wait on Shopify, and the price read is what a no-change run waits for
     * longest (issue 19). Nothing is staged until catalog(); call abandon() if it never comes.
     */
    startPricesRead(ctx: StepContext): void {
      pricesAhead = readAhead((signal) => deps.source.prices(signal), {
        max: PRICES_READ_AHEAD,
        signal: ctx.signal,
      });
    },
    /**
     * The run stopped before catalog(): stops a started price read and waits for a started
     * reset, so that no request or write outlives the step.
     */
    async abandon(): Promise<void> {
      await Promise.all([pricesAhead?.stop(), resetting?.catch(() => {})]);
      pricesAhead = null;
      resetting = null;
    },
    /** Clears the staging (or waits for startReset's), then stages API X's prices (they go into the product drafts). */
    async prices(ctx: StepContext, options: { shopCurrency: string }) {
      const reset = resetting ?? deps.state.resetStaging();
      resetting = null;
      await reset;
      await stagePrices(ctx, options);
    },

    /**
     * Stages API X's products once prices() has staged every price (the drafts carry them).
     * catalog() reads both lists at once instead.
     */
    async products(ctx: StepContext, options: { archiveStatus: Exclude<ProductStatus, 'ACTIVE'> }) {
      const read = await readProducts(ctx, { ...options, pricesIn: () => true });
      return { products: read.kept.size };
    },

    /**
     * Clears the staging (or waits for startReset's), then reads API X's prices and products at
     * once: reading prices mostly waits on API X, staging products mostly uses the CPU (10k
     * no-change: 2.5 s of prices at ~20% CPU, then 1.8 s of products at ~80%). A product batch
     * staged before every price is in cannot know its status (every variant priced?): it keeps
     * its variant ids and the status its remembered hash was made for, checked once the prices
     * are in (finishProvisional). `productsAfter` is waited for before the first product is
     * staged (the hand-deletion check decides what is sent again). Prices already being read
     * (startPricesRead) are taken from that read; it is stopped whatever happens.
     */
    async catalog(ctx: StepContext, options: CatalogOptions) {
      const ahead = pricesAhead;
      pricesAhead = null;
      const prices = (signal: AbortSignal) =>
        ahead === null ? deps.source.prices(signal) : ahead.items(signal);
      try {
        const reset = resetting ?? deps.state.resetStaging();
        resetting = null;
        await reset;
        return await readCatalog(ctx, options, prices);
      } finally {
        await ahead?.stop();
      }
    },
  };

  /** catalog() once the staging is clear, its prices read from `prices`. */
  async function readCatalog(
    ctx: StepContext,
    options: CatalogOptions,
    prices: (signal: AbortSignal) => AsyncIterable<Parsed<Price>>,
  ) {
    let pricesIn = false;
    const pricesRead = createPricesRead();
    const awaiting = createAwaitingPrices(AWAITING_PRICES_CHARS);
    const pricesDone = () => {
      pricesIn = true;
      // Every price is in: those still waiting lack one (their status differs from the one
      // assumed) and are drafted by finishProvisional; the rest are let go.
      awaiting.release(pricesRead.priced);
      // Asked only before the prices are in: 300k ids (~18 MB) need not outlive the read.
      pricesRead.seen.clear();
      pricesRead.refused.clear();
    };
    if (deps.openSpool === undefined) {
      await stagePrices(ctx, options, pricesRead, prices);
      pricesDone();
    }
    const spool = deps.openSpool === undefined ? null : await deps.openSpool();
    try {
      // One list failing stops the other; both have ended before the step fails.
      const [, read] = await bothEnded(ctx, [
        (both) =>
          pricesIn
            ? Promise.resolve()
            : stagePrices(both, options, pricesRead, prices).then(pricesDone),
        (both) =>
          readProducts(both, {
            archiveStatus: options.archiveStatus,
            pricesIn: () => pricesIn,
            spool,
            awaiting,
            priced: pricesRead.priced,
            ...(options.productsAfter ? { before: options.productsAfter } : {}),
          }),
      ]);
      const products = read.kept.size;
      if (read.provisional && spool !== null)
        await finishProvisional(ctx, options, read, spool, awaiting);
      return { products };
    } finally {
      awaiting.clear();
      await spool?.close();
    }
  }

  /** Stages API X's prices (they go into the product drafts), read from `source` (API X by default). */
  async function stagePrices(
    ctx: StepContext,
    options: { shopCurrency: string },
    read = createPricesRead(),
    source: (signal: AbortSignal) => AsyncIterable<Parsed<Price>> = (signal) =>
      deps.source.prices(signal),
  ): Promise<void> {
    const { seen: seenPrices, refused } = read;
    const writer = createOrderedWriter();
    let prices: StagedPrice[] = [];
    const priceProgress = createProgress(ctx, 'reading prices from API X', null);
    await writer.around(async () => {
      for await (const parsed of source(ctx.signal)) {
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
          refused.add(price.variantId);
          await ctx.recordError({
            entity: 'price',
            externalId: price.variantId,
            field: 'currency',
            reason: `price is in ${price.currency} but the shop sells in ${options.shopCurrency}; fix the price in API X`,
            payload: price,
          });
          continue;
        }
        const amount = normaliseMoney(price.amount);
        const compareAt =
          price.compareAtAmount === null ? null : normaliseMoney(price.compareAtAmount);
        prices.push({
          variantExternalId: price.variantId,
          amount,
          compareAt,
          contentHash: hashOfNormalisedPrice(amount, compareAt),
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
  }

  /** What readProducts leaves for finishProvisional. */
  interface ProductsRead {
    /** Per product id: the copy kept (packCopy), null once it is held back. 100k ids: ~12 MB. */
    readonly kept: Map<string, string | null>;
    /** Staged without a hash, or with a remembered hash that differs from what Shopify has: their drafts are wanted. */
    readonly wanted: Set<string>;
    /** Some batch was staged before every price was in. */
    readonly provisional: boolean;
  }

  /**
   * Stages API X's products. A batch staged once every price is in (pricesIn()) is final: its
   * drafts carry the staged prices. One staged before is provisional (see catalog()). A product
   * served twice is staged as its newest copy (chooseCopy); a staged row is simply staged again,
   * the upsert replacing it. A malformed copy holds the product back, whichever copy is newer.
   */
  async function readProducts(
    ctx: StepContext,
    options: {
      archiveStatus: Exclude<ProductStatus, 'ACTIVE'>;
      pricesIn: () => boolean;
      /** Where a provisional batch's records are kept for finishProvisional (with pricesIn false). */
      spool?: RecordSpool | null;
      /** Where a provisional batch's products waiting for their prices are kept before the spool. */
      awaiting?: ReturnType<typeof createAwaitingPrices>;
      /** Whether a variant's price was read already (it will be staged): see provisional(). */
      priced?: (variantId: string) => boolean;
      before?: Promise<unknown>;
    },
  ): Promise<ProductsRead> {
    const kept: ProductsRead['kept'] = new Map();
    const wanted = new Set<string>();
    let provisional = false;
    const writer = createOrderedWriter();
    let page: StagedProduct[] = [];
    let pending: Kept[] = [];
    const productProgress = createProgress(ctx, 'reading products from API X', null);
    const stage = createProductBatches(ctx, options.archiveStatus);
    // Decided when the batch's turn comes (writes stay in order): by then the prices may be in.
    const stageBatch = async (batch: Kept[], rows: StagedProduct[]) => {
      await options.before;
      if (options.pricesIn() || !options.spool)
        await stage.final(batch, rows, { nameUnpriced: true });
      else {
        provisional = true;
        const priced = options.priced ?? (() => false);
        const staged = await stage.provisional(batch, rows, priced);
        for (const id of staged.wanted) wanted.add(id);
        // Kept for drafting once the prices are in: the digest finds the copy staged. Those
        // waiting only for their prices are held in memory while there is room (the earlier
        // ones whose prices came meanwhile are let go first).
        options.awaiting?.release(priced);
        const spooled = options.awaiting
          ? [...staged.mayNeedDraft, ...options.awaiting.hold(staged.awaitingPrices)]
          : [...staged.mayNeedDraft, ...staged.awaitingPrices];
        await options.spool.write(
          spooled.map((k) => `${k.digest}\t${JSON.stringify(k.product.externalId)}\t${k.json}`),
        );
      }
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
        const json = JSON.stringify(product);
        const digest = digestOfRecordJson(json);
        const copy = { updatedAt: product.updatedAt, hash: digest.slice(0, KEPT_HASH_CHARS) };
        if (previous !== undefined) {
          const choice = chooseCopy(unpackCopy(previous), copy);
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
        kept.set(product.externalId, packCopy(copy));
        pending.push({ product, digest, json });
        if (pending.length + page.length >= PRODUCT_BATCH) await flush();
      }
      await flush();
      await writer.drain();
    });
    productProgress.done();
    return { kept, wanted, provisional };
  }

  /**
   * Once every price is in: names the unpriced variants of provisionally staged products, and
   * drafts the products whose staged hash does not hold (none was remembered, their record or
   * status changed, or Shopify has other content), from the records spooled as they were read
   * (API X is read once). Nothing to draft, as in a no-change run: the spool is not read.
   * Empties `read.kept`.
   */
  async function finishProvisional(
    ctx: StepContext,
    options: { archiveStatus: Exclude<ProductStatus, 'ACTIVE'> },
    read: ProductsRead,
    spool: RecordSpool,
    awaiting: ReturnType<typeof createAwaitingPrices>,
  ): Promise<void> {
    const checked = await deps.state.checkProvisional(options.archiveStatus);
    let after: UnpricedVariant | null = null;
    while (checked.unpricedProducts > 0) {
      const unpriced: readonly UnpricedVariant[] = await deps.state.unpricedStaged(
        after,
        UNPRICED_PAGE,
      );
      for (const u of unpriced)
        await ctx.recordError(unpricedError(u.productExternalId, u.variantExternalId));
      if (unpriced.length < UNPRICED_PAGE) break;
      after = unpriced[unpriced.length - 1] ?? null;
    }
    // A product held back after its provisional row was staged (a malformed or ambiguous later
    // copy) stays held back. The copies to draft replace `kept` (emptied: its 100k entries are
    // not held while drafting), built without copies of the lists (an initial run's name every
    // product).
    const redraft = new Map<string, string>();
    for (const ids of [read.wanted, checked.redraft])
      for (const id of ids) {
        const copy = read.kept.get(id);
        if (copy) redraft.set(id, copy);
      }
    read.kept.clear();
    if (redraft.size === 0) return;
    const stage = createProductBatches(ctx, options.archiveStatus);
    const writer = createOrderedWriter();
    let batch: Kept[] = [];
    const flush = async () => {
      const current = batch;
      batch = [];
      await writer.write(() => stage.final(current, [], { nameUnpriced: false }));
    };
    const progress = createProgress(ctx, 'drafting changed products', redraft.size);
    // The spooled records, then those still held in memory.
    async function* records(): AsyncGenerator<KeptRecord> {
      for await (const line of spool.read()) {
        const idEnd = line.indexOf('\t', line.indexOf('\t') + 1);
        const [digest, quotedId] = line.slice(0, idEnd).split('\t');
        const externalId = JSON.parse(quotedId ?? 'null') as string;
        yield { digest: digest ?? '', externalId, json: line.slice(idEnd + 1) };
      }
      yield* awaiting.records();
    }
    await writer.around(async () => {
      for await (const { digest, externalId, json } of records()) {
        ctx.signal.throwIfAborted();
        // Only the copy staged last (the one kept); an earlier copy of it was kept too. A
        // product restaged after the prices were in (a later copy) is not among these.
        const kept = redraft.get(externalId);
        if (kept === undefined || unpackCopy(kept).hash !== digest.slice(0, KEPT_HASH_CHARS))
          continue;
        redraft.delete(externalId);
        batch.push({ product: JSON.parse(json) as Product, digest, json });
        if (batch.length >= PRODUCT_BATCH) {
          progress.add(batch.length);
          await flush();
        }
      }
      progress.add(batch.length);
      await flush();
      await writer.drain();
    });
    progress.done();
  }

  /** Staging of product batches, final (every price in) or provisional (prices still coming). */
  function createProductBatches(ctx: StepContext, archiveStatus: Exclude<ProductStatus, 'ACTIVE'>) {
    const release = deps.release === undefined ? null : `${deps.release}/${PRODUCT_DRAFT_FORMAT}`;
    const draftOf = (product: Product, prices: Parameters<typeof productToDraft>[2]) =>
      productToDraft(product, archiveStatus, prices);
    const knownOf = (batch: readonly { product: Product }[]) =>
      release === null
        ? Promise.resolve(new Map<string, KnownContent>())
        : deps.state.knownContentOf(batch.map((p) => p.product.externalId));
    return {
      /** Priced, drafted (or its remembered hash reused) and staged, as every run did before catalog(). */
      async final(
        batch: readonly Kept[],
        rows: StagedProduct[],
        how: { nameUnpriced: boolean },
      ): Promise<void> {
        if (batch.length === 0 && rows.length === 0) return;
        const variantIds = batch.flatMap((p) => p.product.variants.map((v) => v.externalId));
        const [stagedPrices, known] = await Promise.all([
          deps.state.stagedPricesOf(variantIds),
          knownOf(batch),
        ]);
        // Products whose hash was known: drafted only if the store still wants their draft.
        const unbuilt = new Map<string, Product>();
        for (const { product, digest } of batch) {
          if (product.active && how.nameUnpriced) {
            // Held back as DRAFT by productToDraft: each variant without a price is named.
            for (const variantId of unpricedVariants(product, stagedPrices))
              await ctx.recordError(unpricedError(product.externalId, variantId));
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
                  productStatus(product, archiveStatus, stagedPrices),
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
      },
      /**
       * Staged with its variant ids and, when a hash is remembered for its record under a status
       * it can have, that hash and status; else without a hash (a draft is needed). Answers the
       * products whose drafts are wanted (staged without a hash, or whose remembered hash
       * differs from what Shopify has),
       * and the records finishProvisional may draft: all but those not wanted whose assumed
       * status is already certain (inactive, or ACTIVE with every variant `priced`; a price never
       * leaves once read). A no-change run then spools almost nothing (issue 19: the spool's
       * strings and writes were a peak of the 100k runs).
       */
      async provisional(
        batch: readonly Kept[],
        rows: StagedProduct[],
        priced: (variantId: string) => boolean,
      ): Promise<{
        wanted: readonly string[];
        mayNeedDraft: readonly Kept[];
        awaitingPrices: readonly Kept[];
      }> {
        const known = await knownOf(batch);
        const settled = new Set<string>();
        // Assumed ACTIVE, with a variant whose price is not read yet: settled once it is.
        const awaitingPrices = new Set<string>();
        // Staged without a hash: their drafts are wanted (checkProvisional leaves them out).
        const unhashed: string[] = [];
        for (const { product, digest } of batch) {
          const base = {
            externalId: product.externalId,
            categoryIds: product.categoryIds,
            active: product.active,
            variantIds: product.variants.map((v) => v.externalId),
          };
          const remembered = known.get(product.externalId);
          const statuses: ProductStatus[] = product.active ? ['ACTIVE', 'DRAFT'] : [archiveStatus];
          const assumed =
            release === null || remembered === undefined
              ? undefined
              : statuses.find((s) => productRecordKey(digest, s, release) === remembered.recordKey);
          if (assumed === undefined || remembered === undefined) unhashed.push(product.externalId);
          rows.push(
            assumed === undefined || remembered === undefined
              ? { ...base, contentHash: '', draft: null, assumedStatus: null }
              : {
                  ...base,
                  contentHash: remembered.contentHash,
                  draft: 'unbuilt',
                  assumedStatus: assumed,
                },
          );
          if (assumed !== undefined && !product.active) settled.add(product.externalId);
          else if (assumed === 'ACTIVE')
            (product.variants.every((v) => priced(v.externalId)) ? settled : awaitingPrices).add(
              product.externalId,
            );
        }
        const differing = await deps.state.stageProducts(rows);
        const wantedIds = new Set(differing);
        const mayNeedDraft: Kept[] = [];
        const awaiting: Kept[] = [];
        for (const k of batch) {
          const id = k.product.externalId;
          if (wantedIds.has(id) || (!settled.has(id) && !awaitingPrices.has(id)))
            mayNeedDraft.push(k);
          else if (awaitingPrices.has(id)) awaiting.push(k);
        }
        return { wanted: [...differing, ...unhashed], mayNeedDraft, awaitingPrices: awaiting };
      },
    };
  }
}
