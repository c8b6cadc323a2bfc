import type {
  FieldError,
  ProductDraft,
  UpsertedProduct,
  WriteResult,
} from '../../domain/ports/shopify-catalog.js';

/** Where our external ids live in Shopify: an `id`-type metafield (the "custom id"). */
export interface CustomIdKey {
  readonly namespace: string;
  readonly key: string;
}

/**
 * The productSet variables for one draft. Only fields this job owns are sent: productSet makes
 * every list it receives match exactly and leaves out-of-input fields alone, so sending
 * `collections`, `files` or product `metafields` would wipe what the merchant set. Prices go
 * with the variants (when API X has one) so no variant ever exists at the default price of 0.
 * The product's own custom id is the identifier: productSet stores it on create.
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

/** productSet costs 10 plus 0.2 per variant and 0.4 per metafield; the payload adds its objects. */
export function productSetCost(draft: ProductDraft): number {
  const n = draft.variants.length;
  return Math.ceil(10 + 0.2 * n + 0.4 * n + 3 + 2 * n);
}

/** Local checks Shopify would otherwise answer with a userError (or worse, a silent truncation). */
export function validateDraft(draft: ProductDraft): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string): void =>
    void errors.push({ field, message, code: 'INVALID' });
  if (draft.title.trim() === '') add('title', 'title is empty');
  if (draft.options.length === 0)
    add('productOptions', 'a product needs at least one option (e.g. Title / Default Title)');
  if (draft.options.length > 3)
    add('productOptions', `at most 3 options, got ${draft.options.length}`);
  if (draft.variants.length === 0) add('variants', 'a product needs at least one variant');
  if (draft.variants.length > 250)
    add('variants', `at most 250 variants are synced per product, got ${draft.variants.length}`);
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
  const errors = toFieldErrors(p?.['userErrors']);
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
