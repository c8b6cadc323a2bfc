import type { Category, Price, Product } from '../../domain/model/catalog.js';
import type {
  CollectionDraft,
  ProductDraft,
  ProductStatus,
} from '../../domain/model/catalog-write.js';
import { contentHash, hashOfCanonicalJson } from './content-hash.js';
import { sanitizeHtml } from './sanitize-html.js';

/**
 * Pure projections of API X records onto what Shopify receives. These functions decide which
 * fields the job owns (README, "Fields the job owns"): anything not produced here is never sent,
 * so merchants' edits to other fields survive every run.
 */

export function categoryToCollection(category: Category): CollectionDraft {
  return {
    externalId: category.externalId,
    title: category.name,
    descriptionHtml: sanitizeHtml(category.description),
  };
}

export function collectionHash(draft: CollectionDraft): string {
  return contentHash(draft);
}

export interface PriceOfVariant {
  readonly amount: string;
  readonly compareAt: string | null;
}

/** Variants of the product with no valid price this run (missing, or refused when read). */
export function unpricedVariants(
  product: Pick<Product, 'variants'>,
  prices: ReadonlyMap<string, PriceOfVariant>,
): string[] {
  return product.variants.filter((v) => !prices.has(v.externalId)).map((v) => v.externalId);
}

/**
 * Raise when productToDraft, productHash or sanitizeHtml change what a product's content hash is
 * of: hashes remembered by earlier runs of the same release (stage-catalog) are then recomputed.
 * product-draft-format.test.ts pins a fingerprint of the drafts of a fixed table per number and
 * fails on a change to them until the number is raised and the new fingerprint pinned.
 */
export const PRODUCT_DRAFT_FORMAT = 1;

/** The status a product's draft carries (see productToDraft). */
export function productStatus(
  product: Pick<Product, 'active' | 'variants'>,
  archiveStatus: Exclude<ProductStatus, 'ACTIVE'>,
  prices: ReadonlyMap<string, PriceOfVariant>,
): ProductStatus {
  if (!product.active) return archiveStatus;
  return unpricedVariants(product, prices).length === 0 ? 'ACTIVE' : 'DRAFT';
}

/**
 * A product is offered for sale (ACTIVE) only when every variant has a valid price: otherwise
 * Shopify would sell a new variant at its default of 0.00. Until then it is a DRAFT; it becomes
 * ACTIVE in the run its prices become valid (the status is part of the content hash).
 */
export function productToDraft(
  product: Product,
  archiveStatus: Exclude<ProductStatus, 'ACTIVE'>,
  prices: ReadonlyMap<string, PriceOfVariant>,
): ProductDraft {
  return {
    externalId: product.externalId,
    title: product.title,
    descriptionHtml: sanitizeHtml(product.descriptionHtml),
    vendor: product.vendor,
    productType: product.productType,
    status: productStatus(product, archiveStatus, prices),
    options:
      product.options.length > 0
        ? product.options.map((o) => ({ name: o.name, values: [...o.values] }))
        : [{ name: 'Title', values: ['Default Title'] }],
    variants: product.variants.map((v) => ({
      externalId: v.externalId,
      sku: v.sku,
      barcode: v.barcode,
      // Shopify needs one option even for a single-variant product: "Title" / "Default Title".
      optionValues:
        product.options.length > 0
          ? product.options.map((o, i) => ({ optionName: o.name, name: v.optionValues[i] ?? '' }))
          : [{ optionName: 'Title', name: 'Default Title' }],
      weightGrams: v.weightGrams,
      price: prices.get(v.externalId)?.amount ?? null,
      compareAtPrice: prices.get(v.externalId)?.compareAt ?? null,
    })),
  };
}

/** Hash of a product's content without prices (prices have their own hash per variant). */
export function productHash(draft: ProductDraft): string {
  return contentHash({
    ...draft,
    variants: draft.variants.map((v) => ({ ...v, price: undefined, compareAtPrice: undefined })),
  });
}

export function priceHash(price: Pick<Price, 'amount' | 'compareAtAmount'>): string {
  return hashOfNormalisedPrice(
    normaliseMoney(price.amount),
    price.compareAtAmount === null ? null : normaliseMoney(price.compareAtAmount),
  );
}

/**
 * priceHash of amounts already normalised (normaliseMoney), for a caller that keeps them too.
 * The text is what canonicalJson makes of { amount, compareAt } (keys in that order, compareAt
 * null included), built directly: stored hashes are of that text, and a no-change run hashes
 * every price (price-hash.test.ts checks the two agree).
 */
export function hashOfNormalisedPrice(amount: string, compareAt: string | null): string {
  return hashOfCanonicalJson(
    `{"amount":${JSON.stringify(amount)},"compareAt":${compareAt === null ? 'null' : JSON.stringify(compareAt)}}`,
  );
}

// A whole part already in its shortest form ("0", "12", not "012"): BigInt would give it back
// unchanged, and is the costly step of a function called for every price of every run.
const SHORTEST_WHOLE = /^(?:0|[1-9]\d*)$/;

/** "10" and "10.00" are the same price; compare and send one form. */
export function normaliseMoney(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  const shortest = SHORTEST_WHOLE.test(whole) ? whole : BigInt(whole).toString();
  return `${shortest}.${fraction.padEnd(2, '0')}`;
}
