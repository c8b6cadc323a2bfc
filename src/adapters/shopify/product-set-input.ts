import {
  NOT_SENT,
  type FieldError,
  type ProductDraft,
  type UpsertedProduct,
  type WriteResult,
} from '../../domain/model/catalog-write.js';
import { recordFieldOf } from './record-field.js';

/** Where our external ids live in Shopify: an `id`-type metafield (the "custom id"). */
export interface CustomIdKey {
  readonly namespace: string;
  readonly key: string;
}

/**
 * The productSet variables for one draft. Only fields this job owns are sent: productSet makes
 * every list it receives match exactly ("deletes existing entries that aren't included in the
 * mutation's input. Common examples of list fields include collections, metafields, and
 * variants": productSet description, 2026-10) and leaves out-of-input fields alone, so sending
 * `files` or product `metafields` would wipe what the merchant set. `collections` goes only
 * with a product being created (the draft carries it then), which has no membership to lose;
 * an empty list is never sent. Prices go with the variants (when API X has one) so no variant
 * ever exists at the default price of 0. The product's own custom id is the identifier:
 * productSet stores it on create.
 */
export function toProductSetVariables(
  draft: ProductDraft,
  customId: CustomIdKey,
): { identifier: unknown; input: Record<string, unknown> } {
  return {
    identifier: {
      customId: { namespace: customId.namespace, key: customId.key, value: draft.externalId },
    },
    input: {
      title: draft.title,
      descriptionHtml: draft.descriptionHtml,
      vendor: draft.vendor,
      productType: draft.productType,
      // Only when given: otherwise Shopify derives a unique handle on create and keeps it.
      ...(draft.handle === undefined ? {} : { handle: draft.handle }),
      status: draft.status,
      ...(draft.collections && draft.collections.length > 0
        ? { collections: draft.collections.map((c) => c.collectionId) }
        : {}),
      productOptions: draft.options.map((o) => ({
        name: o.name,
        values: o.values.map((name) => ({ name })),
      })),
      variants: draft.variants.map((v) => ({
        // ProductVariantSetInput.id (2026-10): "Specifies the product variant to update or create
        // a new variant if absent": without it an existing variant is replaced by a new one.
        ...(v.shopifyId === undefined ? {} : { id: v.shopifyId }),
        optionValues: v.optionValues.map((ov) => ({ optionName: ov.optionName, name: ov.name })),
        sku: v.sku,
        // null clears a barcode API X no longer has.
        barcode: v.barcode,
        // A new variant must not appear at Shopify's default price of 0; null leaves Shopify's as is.
        ...(v.price === null ? {} : { price: v.price, compareAtPrice: v.compareAtPrice }),
        ...(v.weightGrams === null
          ? {}
          : {
              inventoryItem: { measurement: { weight: { unit: 'GRAMS', value: v.weightGrams } } },
            }),
        // A variant's `metafields` is a list productSet replaces exactly ("deletes existing
        // entries that aren't included"): sending only our custom id would wipe every metafield
        // a merchant or another app set. An existing variant keeps its custom id, so the list is
        // sent only to a new one, which has no other metafield to lose.
        ...(v.shopifyId === undefined
          ? {
              metafields: [
                {
                  namespace: customId.namespace,
                  key: customId.key,
                  type: 'id',
                  value: v.externalId,
                },
              ],
            }
          : {}),
      })),
    },
  };
}

/**
 * Shopify's limit, not ours: "By default, stores have a limit of 2048 product variants for each
 * product" (productSet description, 2026-10).
 */
export const MAX_VARIANTS = 2048;
/** A connection page holds at most 250 nodes; larger products' variant ids are paged after. */
export const VARIANT_PAGE = 250;
/** Shopify's single-query ceiling (MAX_COST_EXCEEDED above it), with room for the payload. */
const ROUND_BUDGET = 950;

/**
 * Requested cost of one productSet: 10, plus the documented input complexities ("0.2 per
 * variant", "0.4 per variant metafield": only new variants carry one), plus the payload, which
 * Shopify's requested cost counts too: the product (1), the variant page when it is read inline
 * (a connection: 2 + 2 per variant, the node and its metafield) and the userErrors list (1).
 */
export function productSetCost(draft: ProductDraft): number {
  const n = draft.variants.length;
  const withMetafield = draft.variants.filter((v) => v.shopifyId === undefined).length;
  const inline = n <= VARIANT_PAGE ? 2 + 2 * Math.max(1, n) : 2;
  return Math.ceil(10 + 0.2 * n + 0.4 * withMetafield + 1 + inline + 1);
}

/**
 * Splits a draft whose productSet would cost more than one request may (a new product with
 * ~1,600+ variants: each new variant carries its custom-id metafield) into rounds: each round
 * sends every variant of the rounds before (with ids, filled in by the caller) plus a batch of
 * new ones, and only the option values those variants use. The last round is the whole draft.
 * A product created in rounds stays DRAFT until the last one.
 */
export function productSetRounds(draft: ProductDraft): ProductDraft[] {
  if (productSetCost(draft) <= ROUND_BUDGET) return [draft];
  const existing = draft.variants.filter((v) => v.shopifyId !== undefined);
  const fresh = draft.variants.filter((v) => v.shopifyId === undefined);
  const creating = existing.length === 0;
  const rounds: ProductDraft[] = [];
  let included = [...existing];
  let next = 0;
  while (next < fresh.length) {
    // 0.6 per new variant (0.2 + 0.4 metafield); 0.2 per variant already sent.
    const room = Math.floor((ROUND_BUDGET - 15 - 0.2 * included.length) / 0.6);
    const batch = fresh.slice(next, next + Math.max(1, room));
    next += batch.length;
    included = [...included, ...batch];
    if (next >= fresh.length) break;
    const used = new Set(
      included.flatMap((v) => v.optionValues.map((o) => `${o.optionName}\u0000${o.name}`)),
    );
    rounds.push({
      ...draft,
      status: creating ? 'DRAFT' : draft.status,
      options: draft.options.map((o) => ({
        name: o.name,
        values: o.values.filter((value) => used.has(`${o.name}\u0000${value}`)),
      })),
      variants: included,
    });
  }
  return [...rounds, draft];
}

/** Local checks Shopify would otherwise answer with a userError (or worse, a silent truncation). */
export function validateDraft(draft: ProductDraft): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string): void =>
    void errors.push({ field, message, code: NOT_SENT });
  if (draft.title.trim() === '') add('title', 'title is empty');
  if (draft.options.length === 0)
    add('productOptions', 'a product needs at least one option (e.g. Title / Default Title)');
  if (draft.options.length > 3)
    add('productOptions', `at most 3 options, got ${draft.options.length}`);
  if (draft.variants.length === 0) add('variants', 'a product needs at least one variant');
  if (draft.variants.length > MAX_VARIANTS)
    add(
      'variants',
      `Shopify allows at most ${MAX_VARIANTS} variants per product (productSet, 2026-10), this one has ${draft.variants.length}`,
    );
  const names = draft.options.map((o) => o.name);
  draft.variants.forEach((v, i) => {
    const given = v.optionValues.map((ov) => ov.optionName);
    if (given.length !== names.length || given.some((n) => !names.includes(n))) {
      add(
        `variants.${i}.optionValues`,
        `variant ${v.externalId} must give one value for each option (${names.join(', ')})`,
      );
    }
  });
  return errors;
}

/** Shopify `userErrors` → FieldError[] (field path joined with dots). */
export function toFieldErrors(userErrors: unknown): FieldError[] {
  if (!Array.isArray(userErrors)) return [];
  return userErrors.map((e: unknown) => {
    const r = typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : {};
    const field = Array.isArray(r['field']) ? r['field'].map(String).join('.') : null;
    return {
      field: field === '' ? null : field,
      message: typeof r['message'] === 'string' ? r['message'] : 'unknown error',
      code: typeof r['code'] === 'string' ? r['code'] : null,
    };
  });
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : null;
}

/**
 * A productSet payload (`{ product, userErrors }`) → WriteResult. Variant ids are keyed by the
 * variant custom id read back from Shopify, so the mapping never depends on variant order.
 */
export function toUpsertResult(
  payload: unknown,
  sent?: Pick<ProductDraft, 'variants'>,
): WriteResult<UpsertedProduct> {
  const p = record(payload);
  const errors = toFieldErrors(p?.['userErrors']).map((e) => ({
    ...e,
    field: recordFieldOf(e.field, sent),
  }));
  if (errors.length > 0) return { ok: false, errors };
  const product = record(p?.['product']);
  const productId = product?.['id'];
  if (typeof productId !== 'string')
    return {
      ok: false,
      errors: [{ field: null, message: 'Shopify returned no product', code: null }],
    };
  const variantIds: Record<string, string> = {};
  // Variants sent by id are known even if their custom id was cleared in Shopify.
  const byGid = new Map(
    (sent?.variants ?? []).flatMap((v) =>
      v.shopifyId === undefined ? [] : [[v.shopifyId, v.externalId] as const],
    ),
  );
  const nodes = record(product?.['variants'])?.['nodes'];
  for (const node of Array.isArray(nodes) ? nodes : []) {
    const n = record(node);
    const id = n?.['id'];
    const externalId =
      record(n?.['metafield'])?.['value'] ?? (typeof id === 'string' ? byGid.get(id) : undefined);
    if (typeof externalId === 'string' && typeof id === 'string') variantIds[externalId] = id;
  }
  return { ok: true, value: { productId, variantIds } };
}
