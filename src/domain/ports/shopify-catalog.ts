/**
 * Shopify as the target of the catalogue. Inputs are already mapped to Shopify's shape by the use
 * cases' pure mapping functions; the adapter only speaks GraphQL. Every write is an upsert keyed by
 * our external id (a Shopify `id`-type metafield, "custom id"), so repeating a write after a crash
 * never creates a duplicate.
 */

export type ProductStatus = 'ACTIVE' | 'ARCHIVED' | 'DRAFT';

/** A Shopify `userErrors` entry, or a local validation failure, tied to a field path. */
export interface DeletionEvent {
  readonly subjectType: 'PRODUCT' | 'COLLECTION';
  readonly subjectId: string;
}

/** FieldError code of a check made before sending: Shopify never saw the record. */
export const NOT_SENT = 'NOT_SENT';
/**
 * FieldError code of a write refused by Shopify's daily variant creation limit (50,000+
 * variants: 1,000 new a day): not a failure of the record, it waits for another day.
 */
export const VARIANT_LIMIT = 'VARIANT_THROTTLE_EXCEEDED';

export interface FieldError {
  readonly field: string | null;
  readonly message: string;
  readonly code: string | null;
}

/** Per-item result of a write: business failures are values; infrastructure failures throw. */
export type WriteResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

export interface CollectionDraft {
  readonly externalId: string;
  readonly title: string;
  readonly descriptionHtml: string;
  /** Left out: Shopify derives it from the title on create and keeps it after. */
  readonly handle?: string;
}

export interface VariantDraft {
  readonly externalId: string;
  readonly sku: string;
  readonly barcode: string | null;
  readonly optionValues: readonly { readonly optionName: string; readonly name: string }[];
  readonly weightGrams: number | null;
  /**
   * Sent with the product so a new variant never exists at Shopify's default price of 0; null
   * when API X has no valid price for the variant (the price is left as it is in Shopify, and
   * the product is a DRAFT: see catalog-mapping's productToDraft).
   */
  readonly price: string | null;
  readonly compareAtPrice: string | null;
  /**
   * The variant's GID when it already exists under this product: set at write time, never
   * staged or hashed. productSet treats a variant without an id as a NEW one (new GID, new
   * inventory item, stock lost), so every existing variant must carry it.
   */
  readonly shopifyId?: string;
}

export interface ProductDraft {
  readonly externalId: string;
  readonly title: string;
  readonly descriptionHtml: string;
  readonly vendor: string;
  readonly productType: string;
  /** Left out: Shopify derives a unique handle from the title on create and keeps it after. */
  readonly handle?: string;
  readonly status: ProductStatus;
  readonly options: readonly { readonly name: string; readonly values: readonly string[] }[];
  readonly variants: readonly VariantDraft[];
}

export interface UpsertedProduct {
  readonly productId: string;
  /** Shopify variant GID by variant external id. */
  readonly variantIds: Readonly<Record<string, string>>;
}

/** A variant Shopify holds under a SKU, with what it needs to tell ours from someone else's. */
export interface VariantBySku {
  readonly variantId: string;
  readonly sku: string;
  /** Our custom id on the variant; null when it has none (made by hand or by another tool). */
  readonly externalId: string | null;
  readonly product: {
    readonly id: string;
    readonly title: string;
    /** Our custom id on the product; null when it has none. */
    readonly externalId: string | null;
    /** How many variants the product has in all (a partial match leaves some out). */
    readonly variantCount: number;
  };
}

/** One row of the complete listing (see listSyncedProducts). */
export type SyncedListing =
  | { readonly kind: 'product'; readonly productId: string; readonly externalId: string }
  | { readonly kind: 'variant'; readonly variantId: string; readonly productId: string };

export interface VariantPrice {
  readonly variantId: string;
  readonly price: string;
  readonly compareAtPrice: string | null;
}

export type BulkStatus =
  'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELED' | 'CANCELING' | 'EXPIRED';

export interface BulkOperationState {
  readonly id: string;
  readonly status: BulkStatus;
  readonly errorCode: string | null;
  readonly objectCount: number;
  /** Result JSONL, once COMPLETED (null when nothing was produced). */
  readonly url: string | null;
  readonly partialDataUrl: string | null;
}

/** A bulk operation that ended, with the error its end means (null: COMPLETED). */
export interface EndedBulkOperation extends BulkOperationState {
  readonly failure: Error | null;
}

/** One line of a bulk productSet result, in input order. */
export interface BulkProductResult {
  readonly lineNumber: number;
  readonly externalId: string;
  readonly result: WriteResult<UpsertedProduct>;
}

export interface ShopMoneySettings {
  readonly currencyCode: string;
  readonly enabledPresentmentCurrencies: readonly string[];
}

export interface ShopifyCatalog {
  /**
   * Creates the custom-id metafield definitions (products, variants, collections) if missing;
   * returns the owner types that had none. `dryRun`: only looks (a dry run writes nothing).
   */
  ensureCustomIdDefinitions(
    signal?: AbortSignal,
    options?: { readonly dryRun?: boolean },
  ): Promise<readonly string[]>;
  shopMoneySettings(signal?: AbortSignal): Promise<ShopMoneySettings>;
  /**
   * How many variants the shop holds and whether it is on Plus: what Shopify's daily new-variant
   * limit depends on (see variant-budget.ts).
   */
  shopVariants(
    signal?: AbortSignal,
  ): Promise<{ readonly variants: number; readonly plus: boolean }>;

  /**
   * Publication ids by their catalogue title ("Online Store"): the sales channels new products
   * and collections are published to.
   */
  publicationsByName(signal?: AbortSignal): Promise<ReadonlyMap<string, string>>;
  /**
   * Publishes a product or collection (Shopify creates both unpublished) to the publications;
   * publishing again where it already is published changes nothing.
   */
  publish(
    resourceId: string,
    publicationIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<WriteResult<void>>;

  upsertCollection(
    draft: CollectionDraft,
    signal?: AbortSignal,
  ): Promise<WriteResult<{ readonly collectionId: string }>>;
  /** Adds and removes products in a collection the job manages; other members are untouched. */
  changeCollectionMembers(
    collectionId: string,
    add: readonly string[],
    remove: readonly string[],
    signal?: AbortSignal,
  ): Promise<WriteResult<void>>;

  upsertProduct(draft: ProductDraft, signal?: AbortSignal): Promise<WriteResult<UpsertedProduct>>;
  /**
   * The variants (variant custom id -> GID) of the product Shopify holds under this product
   * custom id; empty when it holds none. A write whose answer never arrived (a killed run)
   * leaves such a product in Shopify and nothing of it recorded here.
   */
  variantsOfProduct(
    productExternalId: string,
    signal?: AbortSignal,
  ): Promise<ReadonlyMap<string, string>>;
  /**
   * Every variant Shopify holds with one of these SKUs (exact SKU, case aside), whoever made it:
   * how a shop that already has products is told from one that has none (see existing-products).
   */
  variantsBySku(skus: readonly string[], signal?: AbortSignal): Promise<readonly VariantBySku[]>;
  /**
   * Writes our custom ids onto a product made outside this service and onto its variants, so the
   * next productSet by custom id updates it (variant GIDs kept) instead of creating a duplicate.
   */
  adoptProduct(
    productId: string,
    externalId: string,
    variants: readonly { readonly variantId: string; readonly externalId: string }[],
    signal?: AbortSignal,
  ): Promise<WriteResult<void>>;
  /**
   * Removes our custom id from these variants, so it can go to a variant of another product
   * (ids are unique per shop; the variant left behind is deleted when its product is written).
   */
  releaseVariantCustomIds(variantIds: readonly string[], signal?: AbortSignal): Promise<void>;
  setProductStatus(
    externalId: string,
    status: ProductStatus,
    signal?: AbortSignal,
  ): Promise<WriteResult<{ readonly productId: string }>>;
  /** Sets prices of some variants of one product; other variants and fields are untouched. */
  updateVariantPrices(
    productId: string,
    prices: readonly VariantPrice[],
    signal?: AbortSignal,
  ): Promise<WriteResult<void>>;

  /**
   * Products and collections deleted in Shopify at or after `since` (an RFC 3339 time), from
   * Shopify's `destroy` events: a cheap way to find hand deletions between full listings.
   */
  deletionEventsSince(since: string, signal?: AbortSignal): AsyncIterable<DeletionEvent>;

  /** The GIDs among `collectionIds` that still exist in Shopify. */
  existingCollections(
    collectionIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<ReadonlySet<string>>;

  /**
   * Every product that carries our custom id, as (product GID, external id), and every variant
   * of the shop by GID: a complete listing to find products and variants deleted by hand.
   */
  listSyncedProducts(signal?: AbortSignal): AsyncIterable<SyncedListing>;

  /** Stages the drafts as JSONL and starts a bulk productSet; returns the operation id to store. */
  startBulkProductUpsert(
    drafts: AsyncIterable<ProductDraft>,
    signal?: AbortSignal,
  ): Promise<{ readonly operationId: string; readonly lines: number }>;
  /** The operation as Shopify holds it now; an id Shopify does not know throws. */
  bulkOperation(operationId: string, signal?: AbortSignal): Promise<BulkOperationState>;
  /**
   * Waits (the adapter's one poll policy) until the operation ends; `failure` is the error to
   * throw when it ended other than COMPLETED (retryable or not, from the adapter's one table),
   * with `retryHint` telling the operator what the next run does about it.
   */
  waitForBulkOperation(
    operationId: string,
    options: {
      readonly signal?: AbortSignal;
      readonly retryHint: string;
      readonly onProgress?: (op: BulkOperationState) => void;
    },
  ): Promise<EndedBulkOperation>;
  bulkProductResults(url: string, signal?: AbortSignal): AsyncIterable<BulkProductResult>;

  /** Bulk productVariantsBulkUpdate: one line per product with its changed variant prices. */
  startBulkPriceUpdate(
    lines: AsyncIterable<{ readonly productId: string; readonly prices: readonly VariantPrice[] }>,
    signal?: AbortSignal,
  ): Promise<{ readonly operationId: string; readonly lines: number }>;
  bulkPriceResults(
    url: string,
    signal?: AbortSignal,
  ): AsyncIterable<{ readonly lineNumber: number; readonly result: WriteResult<void> }>;

  /** Cost points spent and throttled responses seen so far (for metrics). */
  usage(): { readonly costPoints: number; readonly throttled: number; readonly requests: number };
}
