/** productSet's `variants`: option combinations, prices, SKUs and custom ids, checked and built. */
import { parseGid } from './gid.js';
import { replaceMetafields } from './metafields.js';
import type { OptionRecord, ProductRecord, ShopStore, VariantRecord } from './store.js';
import { stripped, tooLongError } from './text-limits.js';
import { normaliseMoney, overLimitErrors, userError, type UserError } from './user-error.js';
import type { VariantSetInput } from './product-set.js';

const MAX_VARIANTS = 2048;

export function buildVariants(
  store: ShopStore,
  product: ProductRecord | null,
  productNum: number,
  options: readonly OptionRecord[],
  inputs: readonly VariantSetInput[],
  now: number,
): { ok: true; variants: VariantRecord[] } | { ok: false; errors: UserError[] } {
  const errors: UserError[] = overLimitErrors(
    inputs,
    MAX_VARIANTS,
    'variants',
    'variants',
    'INVALID_INPUT',
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
