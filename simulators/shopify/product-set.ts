import { joinCollection, leaveCollection } from './collection-sources.js';
import { parseGid } from './gid.js';
import { replaceMetafields, type MetafieldInput } from './metafields.js';
import {
  DEFAULT_NAMESPACE,
  reindexCustomIds,
  slugify,
  uniqueHandle,
  type MetafieldRecord,
  type ProductRecord,
  type ProductStatus,
  type ShopStore,
} from './store.js';
import { tooLongError } from './text-limits.js';
import { userError, type UserError } from './user-error.js';
import { buildOptions } from './product-set-options.js';
import { resolveTarget } from './product-set-target.js';
import { buildVariants } from './product-set-variants.js';

export interface ProductSetIdentifiers {
  id?: string | null;
  handle?: string | null;
  customId?: { namespace?: string | null; key: string; value: string } | null;
}

export interface VariantSetInput {
  id?: string | null;
  price?: unknown;
  compareAtPrice?: unknown;
  sku?: string | null;
  barcode?: string | null;
  inventoryItem?: {
    sku?: string | null;
    measurement?: { weight?: { value: number; unit: string } | null } | null;
  } | null;
  optionValues: {
    optionName?: string | null;
    name?: string | null;
    optionId?: string | null;
    id?: string | null;
  }[];
  metafields?: MetafieldInput[] | null;
}

export interface ProductSetInput {
  id?: string | null;
  title?: string | null;
  handle?: string | null;
  descriptionHtml?: string | null;
  vendor?: string | null;
  productType?: string | null;
  status?: ProductStatus | null;
  tags?: string[] | null;
  productOptions?:
    | {
        id?: string | null;
        name?: string | null;
        values?: { id?: string | null; name?: string | null }[] | null;
      }[]
    | null;
  variants?: VariantSetInput[] | null;
  metafields?: MetafieldInput[] | null;
  collections?: string[] | null;
}

export type ProductSetResult =
  { product: ProductRecord; userErrors: [] } | { product: null; userErrors: UserError[] };

function fail(...errors: UserError[]): ProductSetResult {
  return { product: null, userErrors: errors };
}

/** The product a productSet would update, or null when it would create one (or fail). */
export function productSetTarget(
  store: ShopStore,
  identifier: ProductSetIdentifiers | null | undefined,
  input: ProductSetInput,
): ProductRecord | null {
  const target = resolveTarget(store, identifier, input);
  return target.ok ? target.product : null;
}

/**
 * productSet with Shopify's semantics: upsert by id, handle or custom id; list fields
 * (productOptions, variants, metafields, collections) replaced exactly; fields left out untouched.
 * Validates everything before changing anything.
 */
export function productSet(
  store: ShopStore,
  identifier: ProductSetIdentifiers | null | undefined,
  input: ProductSetInput,
  now: number,
): ProductSetResult {
  const target = resolveTarget(store, identifier, input);
  if (!target.ok) return fail(...target.errors);
  const existing = target.product;
  const num = existing?.num ?? store.nextId();

  const title = input.title ?? existing?.title ?? '';
  if (!title.trim())
    return fail(userError(['input', 'title'], "Title can't be blank", 'INVALID_PRODUCT'));
  const productTextErrors = [
    tooLongError(input.title, ['input', 'title'], 'Title', 'INVALID_PRODUCT'),
    tooLongError(input.vendor, ['input', 'vendor'], 'Vendor', 'INVALID_PRODUCT'),
    tooLongError(input.productType, ['input', 'productType'], 'Product type', 'INVALID_PRODUCT'),
    tooLongError(input.handle, ['input', 'handle'], 'Handle', 'INVALID_PRODUCT'),
  ].filter((e) => e !== null);
  if (productTextErrors.length) return fail(...productTextErrors);

  const wantedHandle = input.handle ?? (existing ? null : (identifier?.handle ?? null));
  if (wantedHandle !== null) {
    const holder = store.productsByHandle.get(wantedHandle);
    if (holder !== undefined && holder !== num) {
      return fail(
        userError(
          ['input', 'handle'],
          `Handle '${wantedHandle}' already in use. Please provide a new handle.`,
          'HANDLE_NOT_UNIQUE',
        ),
      );
    }
  }

  if (input.variants && !input.productOptions) {
    return fail(
      userError(
        ['input', 'productOptions'],
        'Must specify product options when updating variants.',
        'PRODUCT_OPTIONS_INPUT_MISSING',
      ),
    );
  }
  if (input.productOptions && !input.variants) {
    return fail(
      userError(
        ['input', 'variants'],
        'Must specify variants when updating options.',
        'VARIANTS_INPUT_MISSING',
      ),
    );
  }

  let options = existing?.options ?? [];
  let variants = existing?.variants ?? [];
  if (input.productOptions && input.variants) {
    const builtOptions = buildOptions(store, existing?.options ?? [], input.productOptions);
    if (!builtOptions.ok) return fail(...builtOptions.errors);
    if (builtOptions.options.length === 0) {
      return fail(
        userError(
          ['input', 'productOptions'],
          'A product must have at least one option.',
          'OPTION_VALUES_MISSING',
        ),
      );
    }
    const builtVariants = buildVariants(
      store,
      existing,
      num,
      builtOptions.options,
      input.variants,
      now,
    );
    if (!builtVariants.ok) return fail(...builtVariants.errors);
    options = builtOptions.options;
    variants = builtVariants.variants;
  } else if (!existing) {
    const valueNum = store.nextId();
    options = [
      { num: store.nextId(), name: 'Title', values: [{ num: valueNum, name: 'Default Title' }] },
    ];
    variants = [
      {
        num: store.nextId(),
        productNum: num,
        price: '0.00',
        compareAtPrice: null,
        sku: null,
        barcode: null,
        weight: null,
        optionValues: ['Default Title'],
        metafields: null,
        createdAt: now,
        updatedAt: now,
      },
    ];
  }

  let metafields: MetafieldRecord[] | null = existing?.metafields ?? null;
  let metafieldInputs = input.metafields ?? null;
  if (!metafieldInputs && !existing && identifier?.customId) {
    // Created through a custom id without metafields: Shopify stores the custom id itself.
    const { key, value } = identifier.customId;
    metafieldInputs = [
      { namespace: identifier.customId.namespace ?? DEFAULT_NAMESPACE, key, value, type: 'id' },
    ];
  }
  if (metafieldInputs) {
    const built = replaceMetafields(
      store,
      'PRODUCT',
      existing ? num : null,
      existing?.metafields ?? null,
      metafieldInputs,
      ['input', 'metafields'],
    );
    if (!built.ok) return fail(...built.errors);
    metafields = built.records.length ? built.records : null;
  }

  // An unknown collection id refuses the whole product. ProductSetInput.collections says only
  // "The IDs of collections that this product will be a member of" and ProductSetUserErrorCode
  // has no collection code (2026-10 schema); neither says whether Shopify drops the id or the
  // product: the stricter reading (nothing written, INVALID_INPUT on the entry).
  const collectionNums: number[] = [];
  for (const [i, cid] of (input.collections ?? []).entries()) {
    const cnum = parseGid(cid, 'Collection');
    if (cnum === null || !store.collections.has(cnum))
      return fail(
        userError(['input', 'collections', i], 'Collection does not exist', 'INVALID_INPUT'),
      );
    collectionNums.push(cnum);
  }

  // Everything is valid: apply.
  const handle =
    wantedHandle ??
    existing?.handle ??
    uniqueHandle((h) => store.productsByHandle.has(h), slugify(title));
  const record: ProductRecord = {
    num,
    title,
    handle,
    descriptionHtml: input.descriptionHtml ?? existing?.descriptionHtml ?? '',
    vendor: input.vendor ?? existing?.vendor ?? '',
    productType: input.productType ?? existing?.productType ?? '',
    status: input.status ?? existing?.status ?? 'ACTIVE',
    tags: input.tags ?? existing?.tags ?? [],
    options,
    variants,
    metafields,
    publishedOn: existing?.publishedOn ?? [],
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  if (existing) {
    if (store.productsByHandle.get(existing.handle) === num)
      store.productsByHandle.delete(existing.handle);
    reindexCustomIds(store, 'PRODUCT', num, existing.metafields, null);
    for (const v of existing.variants) {
      store.variants.delete(v.num);
      reindexCustomIds(store, 'PRODUCTVARIANT', v.num, v.metafields, null);
    }
  }
  store.products.set(num, record);
  store.productsByHandle.set(handle, num);
  reindexCustomIds(store, 'PRODUCT', num, null, metafields);
  for (const v of variants) {
    store.variants.set(v.num, v);
    reindexCustomIds(store, 'PRODUCTVARIANT', v.num, null, v.metafields);
  }
  // ProductSetInput.collections (2026-10): "The IDs of collections that this product will be
  // a member of". A list field: "Creates new entries, updates existing entries, and deletes
  // existing entries that aren't included in the mutation's input. Common examples of list
  // fields include collections, ..." (productSet description). So on an update the product
  // leaves every collection left out, hand-made memberships too; left out of the input, the
  // list is untouched.
  if (input.collections) {
    const wanted = new Set(collectionNums);
    for (const c of store.collections.values()) {
      const member = c.sources.some((s) => s.productNums.includes(num));
      if (wanted.has(c.num) && !member) joinCollection(store, c, num);
      else if (!wanted.has(c.num) && member) leaveCollection(c, num);
    }
  }
  return { product: record, userErrors: [] };
}
