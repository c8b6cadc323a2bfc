import { parseGid } from './gid.js';
import { replaceMetafields, type MetafieldInput } from './metafields.js';
import {
  DEFAULT_NAMESPACE,
  customIdKey,
  idDefinition,
  reindexCustomIds,
  slugify,
  uniqueHandle,
  type MetafieldRecord,
  type OptionRecord,
  type ProductRecord,
  type ProductStatus,
  type ShopStore,
  type VariantRecord,
} from './store.js';
import { stripped, tooLongError } from './text-limits.js';
import { normaliseMoney, userError, type UserError } from './user-error.js';

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

const MAX_OPTIONS = 3;
const MAX_VARIANTS = 2048;

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

/** Finds the product an identifier points at; `null` product = create. */
function resolveTarget(
  store: ShopStore,
  identifier: ProductSetIdentifiers | null | undefined,
  input: ProductSetInput,
): { ok: true; product: ProductRecord | null } | { ok: false; errors: UserError[] } {
  if (identifier && input.id) {
    return {
      ok: false,
      errors: [
        userError(
          ['input', 'id'],
          'The id field is not allowed if identifier is provided.',
          'ID_NOT_ALLOWED',
        ),
      ],
    };
  }
  const byId = identifier?.id ?? input.id;
  if (byId) {
    const num = parseGid(byId, 'Product');
    const product = num === null ? undefined : store.products.get(num);
    const field = identifier?.id ? ['identifier', 'id'] : ['input', 'id'];
    if (!product)
      return { ok: false, errors: [userError(field, 'Product does not exist', 'NOT_FOUND')] };
    return { ok: true, product };
  }
  if (identifier?.handle) {
    if (input.handle != null && input.handle !== identifier.handle) {
      return {
        ok: false,
        errors: [
          userError(
            ['input', 'handle'],
            'The identifier value does not match the value of the corresponding field in the input.',
            'INPUT_MISMATCH',
          ),
        ],
      };
    }
    const num = store.productsByHandle.get(identifier.handle);
    return { ok: true, product: num === undefined ? null : (store.products.get(num) ?? null) };
  }
  if (identifier?.customId) {
    const { key, value } = identifier.customId;
    const namespace = identifier.customId.namespace ?? DEFAULT_NAMESPACE;
    if (!idDefinition(store, 'PRODUCT', namespace, key)) {
      return {
        ok: false,
        errors: [
          userError(
            ['identifier', 'customId'],
            `Metafield definition of type 'id' is required when using custom ids (${namespace}.${key}).`,
            'NOT_FOUND',
          ),
        ],
      };
    }
    if (
      input.metafields &&
      !input.metafields.some(
        (m) =>
          (m.namespace ?? DEFAULT_NAMESPACE) === namespace && m.key === key && m.value === value,
      )
    ) {
      return {
        ok: false,
        errors: [
          userError(
            ['input', 'metafields'],
            'The input argument `metafields` (if present) must contain the `customId` value.',
            'METAFIELD_MISMATCH',
          ),
        ],
      };
    }
    const num = store.customIds.get(customIdKey('PRODUCT', namespace, key, value));
    return { ok: true, product: num === undefined ? null : (store.products.get(num) ?? null) };
  }
  return { ok: true, product: null };
}

function buildOptions(
  store: ShopStore,
  existing: readonly OptionRecord[],
  inputs: NonNullable<ProductSetInput['productOptions']>,
): { ok: true; options: OptionRecord[] } | { ok: false; errors: UserError[] } {
  const errors: UserError[] = [];
  if (inputs.length > MAX_OPTIONS)
    errors.push(
      userError(
        ['input', 'productOptions'],
        `Can only specify a maximum of ${MAX_OPTIONS} options`,
        'OPTIONS_OVER_LIMIT',
      ),
    );
  const names = new Set<string>();
  const options = inputs.map((o, i): OptionRecord => {
    const previous = existing.find((e) =>
      o.id ? parseGid(o.id, 'ProductOption') === e.num : e.name === stripped(o.name ?? ''),
    );
    if (o.id && !previous)
      errors.push(
        userError(
          ['input', 'productOptions', i, 'id'],
          'Option does not exist',
          'OPTION_DOES_NOT_EXIST',
        ),
      );
    const name = stripped(o.name ?? previous?.name ?? '');
    const nameTooLong = tooLongError(
      name,
      ['input', 'productOptions', i, 'name'],
      'Option name',
      'INVALID_INPUT',
    );
    if (nameTooLong) errors.push(nameTooLong);
    if (!name)
      errors.push(
        userError(
          ['input', 'productOptions', i, 'name'],
          "Option name can't be blank",
          'INVALID_INPUT',
        ),
      );
    if (names.has(name))
      errors.push(
        userError(
          ['input', 'productOptions', i, 'name'],
          `Duplicated option name '${name}'.`,
          'DUPLICATED_OPTION_NAME',
        ),
      );
    names.add(name);
    const values = o.values ?? [];
    if (values.length === 0)
      errors.push(
        userError(
          ['input', 'productOptions', i, 'values'],
          'Each option must have at least one option value specified.',
          'OPTION_VALUES_MISSING',
        ),
      );
    const seen = new Set<string>();
    return {
      num: previous?.num ?? store.nextId(),
      name,
      values: values.map((v, j) => {
        const prev = previous?.values.find((pv) =>
          v.id
            ? parseGid(v.id, 'ProductOptionValue') === pv.num
            : pv.name === stripped(v.name ?? ''),
        );
        const valueName = stripped(v.name ?? prev?.name ?? '');
        const valueTooLong = tooLongError(
          valueName,
          ['input', 'productOptions', i, 'values', j, 'name'],
          'Option value name',
          'INVALID_INPUT',
        );
        if (valueTooLong) errors.push(valueTooLong);
        if (!valueName)
          errors.push(
            userError(
              ['input', 'productOptions', i, 'values', j, 'name'],
              "Option value name can't be blank",
              'INVALID_INPUT',
            ),
          );
        if (seen.has(valueName))
          errors.push(
            userError(
              ['input', 'productOptions', i, 'values', j],
              `Duplicated option value '${valueName}'.`,
              'DUPLICATED_OPTION_VALUE',
            ),
          );
        seen.add(valueName);
        return { num: prev?.num ?? store.nextId(), name: valueName };
      }),
    };
  });
  return errors.length ? { ok: false, errors } : { ok: true, options };
}

function buildVariants(
  store: ShopStore,
  product: ProductRecord | null,
  productNum: number,
  options: readonly OptionRecord[],
  inputs: readonly VariantSetInput[],
  now: number,
): { ok: true; variants: VariantRecord[] } | { ok: false; errors: UserError[] } {
  const errors: UserError[] = [];
  if (inputs.length > MAX_VARIANTS)
    errors.push(
      userError(
        ['input', 'variants'],
        `Can only specify a maximum of ${MAX_VARIANTS} variants`,
        'INVALID_INPUT',
      ),
    );
  const combos = new Set<string>();
  const customIds = new Set<string>();
  const variants: VariantRecord[] = [];
  inputs.forEach((v, i) => {
    const at = ['input', 'variants', i];
    const values: (string | undefined)[] = options.map(() => undefined);
    v.optionValues.forEach((ov, j) => {
      const oi = options.findIndex((o) =>
        ov.optionId
          ? parseGid(ov.optionId, 'ProductOption') === o.num
          : o.name === stripped(ov.optionName ?? ''),
      );
      const option = options[oi];
      if (!option)
        return void errors.push(
          userError(
            [...at, 'optionValues', j],
            `Option '${ov.optionName ?? ov.optionId ?? ''}' does not exist.`,
            'OPTION_DOES_NOT_EXIST',
          ),
        );
      const value = option.values.find((x) =>
        ov.id
          ? parseGid(ov.id, 'ProductOptionValue') === x.num
          : x.name === stripped(ov.name ?? ''),
      );
      if (!value)
        return void errors.push(
          userError(
            [...at, 'optionValues', j],
            `Option value '${ov.name ?? ov.id ?? ''}' does not exist for option '${option.name}'.`,
            'OPTION_VALUE_DOES_NOT_EXIST',
          ),
        );
      values[oi] = value.name;
    });
    if (values.some((x) => x === undefined)) {
      errors.push(
        userError(
          [...at, 'optionValues'],
          'The variant must have a value for every product option.',
          'INVALID_VARIANT',
        ),
      );
      return;
    }
    const optionValues = values as string[];
    const combo = optionValues.join(' / ');
    if (combos.has(combo))
      errors.push(userError(at, `The variant '${combo}' already exists.`, 'INVALID_VARIANT'));
    combos.add(combo);
    let previous: VariantRecord | undefined;
    if (v.id) {
      const num = parseGid(v.id, 'ProductVariant');
      previous = product?.variants.find((x) => x.num === num);
      if (!previous)
        return void errors.push(
          userError(
            [...at, 'id'],
            'Product variant does not exist',
            'PRODUCT_VARIANT_DOES_NOT_EXIST',
          ),
        );
    }
    // Without an id the variant is NEW, whatever its option values: ProductVariantSetInput.id,
    // 2026-10 schema: "Specifies the product variant to update or create a new variant if
    // absent." An existing variant left out (or sent without its id) is deleted, taking its
    // GID and inventory item with it (productSet: list fields delete "existing entries that
    // aren't included"). Shopify does not document matching by option values: stricter reading.

    const price =
      v.price === undefined || v.price === null
        ? (previous?.price ?? '0.00')
        : normaliseMoney(v.price);
    if (price === null)
      return void errors.push(userError([...at, 'price'], 'Price is invalid', 'INVALID_VARIANT'));
    if (price.startsWith('-'))
      return void errors.push(
        userError([...at, 'price'], 'Price must be greater than or equal to 0', 'INVALID_VARIANT'),
      );
    const compareAtPrice =
      v.compareAtPrice === undefined
        ? (previous?.compareAtPrice ?? null)
        : v.compareAtPrice === null
          ? null
          : normaliseMoney(v.compareAtPrice);
    if (v.compareAtPrice != null && (compareAtPrice === null || compareAtPrice.startsWith('-'))) {
      return void errors.push(
        userError([...at, 'compareAtPrice'], 'Compare at price is invalid', 'INVALID_VARIANT'),
      );
    }
    const textErrors = [
      tooLongError(v.sku, [...at, 'sku'], 'SKU', 'INVALID_VARIANT'),
      tooLongError(v.inventoryItem?.sku, [...at, 'inventoryItem', 'sku'], 'SKU', 'INVALID_VARIANT'),
      tooLongError(v.barcode, [...at, 'barcode'], 'Barcode', 'INVALID_VARIANT'),
    ].filter((e) => e !== null);
    if (textErrors.length) return void errors.push(...textErrors);
    const num = previous?.num ?? store.nextId();
    let metafields = previous?.metafields ?? null;
    if (v.metafields) {
      const built = replaceMetafields(
        store,
        'PRODUCTVARIANT',
        previous ? num : null,
        previous?.metafields ?? null,
        v.metafields,
        [...at, 'metafields'],
      );
      if (!built.ok) return void errors.push(...built.errors);
      // `id` values are unique per shop, so two variants of one input may not share one either.
      for (const [j, m] of built.records.entries()) {
        if (m.type !== 'id') continue;
        const k = `${m.namespace}|${m.key}|${m.value}`;
        if (customIds.has(k))
          return void errors.push(
            userError(
              [...at, 'metafields', j, 'value'],
              'Value is already taken by another resource.',
              'INVALID_METAFIELD',
            ),
          );
        customIds.add(k);
      }
      metafields = built.records.length ? built.records : null;
    }
    variants.push({
      num,
      productNum,
      price,
      compareAtPrice,
      // Since 2024-04 the SKU also lives on the inventory item; either input sets it.
      sku:
        v.inventoryItem?.sku !== undefined
          ? v.inventoryItem.sku
          : v.sku === undefined
            ? (previous?.sku ?? null)
            : v.sku,
      weight:
        v.inventoryItem?.measurement?.weight !== undefined
          ? (v.inventoryItem.measurement.weight ?? null)
          : (previous?.weight ?? null),
      barcode: v.barcode === undefined ? (previous?.barcode ?? null) : v.barcode,
      optionValues,
      metafields,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, variants };
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
  if (input.collections) {
    const wanted = new Set(collectionNums);
    for (const c of store.collections.values()) {
      const member = c.sources.some((s) => s.productNums.includes(num));
      if (wanted.has(c.num) && !member) {
        const source = c.sources[0] ?? {
          num: store.nextId(),
          title: 'Manual selections',
          productNums: [],
        };
        if (!c.sources.includes(source)) c.sources.push(source);
        source.productNums.push(num);
      } else if (!wanted.has(c.num) && member) {
        for (const s of c.sources) s.productNums = s.productNums.filter((n) => n !== num);
      }
    }
  }
  return { product: record, userErrors: [] };
}
