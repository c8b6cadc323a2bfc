import type {
  Category,
  Price,
  Product,
  ProductOption,
  Variant,
} from '../../domain/model/catalog.js';
import type { Entity, Parsed } from '../../domain/model/record-error.js';
import {
  FieldProblem,
  type Fields,
  readArray,
  readBoolean,
  readCurrency,
  readId,
  readMoney,
  readName,
  readObject,
  readOptionalId,
  readOptionalWeight,
  readOptionText,
  readText,
  readTimestamp,
} from './record-fields.js';

/** Shopify's limits that an API X record must already respect to be synced as is. */
export const LIMITS = {
  optionsPerProduct: 3,
  variantsPerProduct: 2048,
  /** Bound on descriptions so one runaway record cannot fill memory or a Shopify payload. */
  descriptionChars: 512 * 1024,
} as const;

function unknownId(index: number): string {
  return `(unknown #${index})`;
}

/**
 * Runs `read` over one raw record and turns any FieldProblem into a RecordError that names the
 * record (by `idKey`, or its position in the stream when the id itself is unusable).
 */
export function parseRecord<T>(
  entity: Entity,
  idKey: string,
  raw: unknown,
  index: number,
  read: (fields: Fields) => T,
): Parsed<T> {
  let externalId = unknownId(index);
  try {
    const fields = readObject(raw, '(record)');
    try {
      externalId = readId(fields[idKey], idKey);
    } catch {
      // Keep the positional name; `read` reports the id's own problem.
    }
    return { ok: true, value: read(fields) };
  } catch (error) {
    const problem =
      error instanceof FieldProblem
        ? error
        : new FieldProblem(
            '(record)',
            `could not be read: ${error instanceof Error ? error.message : String(error)}`,
          );
    return {
      ok: false,
      error: {
        entity,
        externalId,
        field: problem.field === '(record)' ? null : problem.field,
        reason: problem.reason,
        payload: raw,
      },
    };
  }
}

/** Validates one `GET /v1/categories` item. `index` names records whose id is unusable. */
export function parseCategory(raw: unknown, index = 0): Parsed<Category> {
  return parseRecord('category', 'id', raw, index, (f) => {
    const externalId = readId(f['id'], 'id');
    const parentId = readOptionalId(f['parentId'], 'parentId');
    if (parentId === externalId)
      throw new FieldProblem('parentId', 'a category cannot be its own parent');
    return {
      externalId,
      parentId,
      name: readName(f['name'], 'name'),
      description: readText(f['description'], 'description', LIMITS.descriptionChars),
      updatedAt: readTimestamp(f['updatedAt'], 'updatedAt'),
    };
  });
}

/**
 * Option names or values, trimmed as Shopify stores them, each at most once: two that differ
 * only in case or in surrounding whitespace would be one in Shopify (DUPLICATED_OPTION_VALUE or
 * _NAME), so the record is named here rather than failing at Shopify.
 */
function readUniqueNames(value: unknown, field: string, what: string): string[] {
  const raw = readArray(value, field);
  const names = raw.map((v, i) => readOptionText(v, `${field}[${i}]`));
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      const sent = [raw[first], raw[i]].map((v) => JSON.stringify(v)).join(' and ');
      throw new FieldProblem(
        `${field}[${i}]`,
        raw[first] === raw[i]
          ? `${what} ${JSON.stringify(name)} appears twice`
          : `${what} ${JSON.stringify(name)} appears twice (${sent} are one value once case and surrounding whitespace are ignored, as Shopify does)`,
      );
    }
    seen.set(key, i);
  });
  return names;
}

function readOptions(value: unknown): ProductOption[] {
  const items = readArray(value, 'options');
  if (items.length > LIMITS.optionsPerProduct) {
    throw new FieldProblem(
      'options',
      `has ${items.length} options, Shopify allows at most ${LIMITS.optionsPerProduct}`,
    );
  }
  const options = items.map((item, i) => {
    const o = readObject(item, `options[${i}]`);
    const values = readUniqueNames(o['values'], `options[${i}].values`, 'value');
    if (values.length === 0)
      throw new FieldProblem(`options[${i}].values`, 'must list at least one value');
    return { name: readOptionText(o['name'], `options[${i}].name`), values };
  });
  readUniqueNames(
    items.map((item) => (item as Fields)['name']),
    'options',
    'option name',
  );
  return options;
}

function readVariant(item: unknown, field: string, options: readonly ProductOption[]): Variant {
  const v = readObject(item, field);
  const externalId = readId(v['id'], `${field}.id`);
  const optionValues = readArray(v['optionValues'], `${field}.optionValues`).map((value, k) =>
    readOptionText(value, `${field}.optionValues[${k}]`),
  );
  if (optionValues.length !== options.length) {
    throw new FieldProblem(
      `${field}.optionValues`,
      `has ${optionValues.length} values for ${options.length} product options`,
    );
  }
  optionValues.forEach((value, k) => {
    const option = options[k];
    if (option && !option.values.includes(value)) {
      throw new FieldProblem(
        `${field}.optionValues[${k}]`,
        `${JSON.stringify(value)} is not a value of option ${JSON.stringify(option.name)}`,
      );
    }
  });
  const barcode =
    v['barcode'] === null || v['barcode'] === undefined || v['barcode'] === ''
      ? null
      : readName(v['barcode'], `${field}.barcode`);
  return {
    externalId,
    sku: readId(v['sku'], `${field}.sku`),
    barcode,
    optionValues,
    weightGrams: readOptionalWeight(v['weightGrams'], `${field}.weightGrams`),
  };
}

/**
 * A variant's problem names the variant by its id as well as by its place in the record, so the
 * operator finds it in API X without counting (the field stays a path into the payload).
 */
function namingVariant(error: unknown, item: unknown): unknown {
  if (!(error instanceof FieldProblem)) return error;
  const id = typeof item === 'object' && item !== null ? (item as Fields)['id'] : undefined;
  if (typeof id !== 'string' || id.trim() === '' || error.field.endsWith('.id')) return error;
  return new FieldProblem(error.field, `variant ${JSON.stringify(id)}: ${error.reason}`);
}

function requireUnique(
  variants: readonly Variant[],
  key: (v: Variant) => string,
  field: string,
  what: string,
): void {
  const seen = new Set<string>();
  variants.forEach((variant, i) => {
    const k = key(variant);
    if (seen.has(k))
      throw new FieldProblem(
        `variants[${i}].${field}`,
        `${what} ${JSON.stringify(k)} appears twice in this product`,
      );
    seen.add(k);
  });
}

function readVariants(value: unknown, options: readonly ProductOption[]): Variant[] {
  const items = readArray(value, 'variants');
  if (items.length === 0) throw new FieldProblem('variants', 'must have at least one variant');
  if (items.length > LIMITS.variantsPerProduct) {
    throw new FieldProblem(
      'variants',
      `has ${items.length} variants, Shopify allows at most ${LIMITS.variantsPerProduct}`,
    );
  }
  if (options.length === 0 && items.length > 1) {
    throw new FieldProblem(
      'options',
      `a product without options can have one variant, this one has ${items.length}`,
    );
  }
  const variants = items.map((item, i) => {
    try {
      return readVariant(item, `variants[${i}]`, options);
    } catch (error) {
      throw namingVariant(error, item);
    }
  });
  requireUnique(variants, (v) => v.externalId, 'id', 'variant id');
  requireUnique(variants, (v) => v.sku, 'sku', 'SKU');
  // Shopify refuses two variants with the same option values: they would be indistinguishable.
  requireUnique(
    variants,
    (v) => JSON.stringify(v.optionValues),
    'optionValues',
    'option combination',
  );
  return variants;
}

function readIdList(value: unknown, field: string): string[] {
  const ids = readArray(value, field).map((v, i) => readId(v, `${field}[${i}]`));
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id))
      throw new FieldProblem(`${field}[${i}]`, `${JSON.stringify(id)} appears twice`);
    seen.add(id);
  });
  return ids;
}

/** Validates one `GET /v1/products` item against the contract and Shopify's limits. */
export function parseProduct(raw: unknown, index = 0): Parsed<Product> {
  return parseRecord('product', 'id', raw, index, (f) => {
    const externalId = readId(f['id'], 'id');
    const options = readOptions(f['options']);
    return {
      externalId,
      title: readName(f['title'], 'title'),
      descriptionHtml: readText(f['description'], 'description', LIMITS.descriptionChars),
      vendor: readText(f['vendor'], 'vendor', 255),
      productType: readText(f['type'], 'type', 255),
      categoryIds: readIdList(f['categoryIds'] ?? [], 'categoryIds'),
      active: readBoolean(f['active'], 'active'),
      options,
      variants: readVariants(f['variants'], options),
      updatedAt: readTimestamp(f['updatedAt'], 'updatedAt'),
    };
  });
}

/** Validates one `GET /v1/prices` item; decimals are checked against the currency's minor units. */
export function parsePrice(raw: unknown, index = 0): Parsed<Price> {
  return parseRecord('price', 'variantId', raw, index, (f) => {
    const variantId = readId(f['variantId'], 'variantId');
    const currency = readCurrency(f['currency'], 'currency');
    const amount = readMoney(f['amount'], 'amount', currency);
    const compare = f['compareAtAmount'];
    const compareAtAmount =
      compare === null || compare === undefined
        ? null
        : readMoney(compare, 'compareAtAmount', currency);
    return { variantId, amount, compareAtAmount, currency };
  });
}
