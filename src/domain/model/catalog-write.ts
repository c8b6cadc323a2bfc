/**
 * What the catalogue use cases hand Shopify, and what a write returns. Inputs are already mapped
 * to Shopify's shape by the use cases' pure mapping functions; the adapters only speak GraphQL.
 * Every write is an upsert keyed by our external id (a Shopify `id`-type metafield, "custom
 * id"), so repeating a write after a crash never creates a duplicate.
 */

export type ProductStatus = 'ACTIVE' | 'ARCHIVED' | 'DRAFT';

/** FieldError code of a check made before sending: Shopify never saw the record. */
export const NOT_SENT = 'NOT_SENT';
/**
 * FieldError code of a write refused by Shopify's daily variant creation limit (50,000+
 * variants: 1,000 new a day): not a failure of the record, it waits for another day.
 */
export const VARIANT_LIMIT = 'VARIANT_THROTTLE_EXCEEDED';

/** A Shopify `userErrors` entry, or a local validation failure, tied to a field path. */
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
  /**
   * Collections the product joins as Shopify creates it (productSet `collections`): set at
   * write time, never staged or hashed, and only for a product Shopify does not hold yet. On an
   * existing product the list would replace all its collections, the merchant's too.
   */
  readonly collections?: readonly CollectionToJoin[];
}

/** A collection a new product joins, with the category it stands for. */
export interface CollectionToJoin {
  readonly categoryId: string;
  readonly collectionId: string;
}

export interface UpsertedProduct {
  readonly productId: string;
  /** Shopify variant GID by variant external id. */
  readonly variantIds: Readonly<Record<string, string>>;
}

export interface VariantPrice {
  readonly variantId: string;
  readonly price: string;
  readonly compareAtPrice: string | null;
}
