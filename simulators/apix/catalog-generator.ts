import type { ApixCategoryRecord, ApixPriceRecord, ApixProductRecord } from './apix-records.js';

/**
 * A catalogue computed, not stored: record i is a pure function of (seed, i, version), so a
 * simulator of 100,000 products holds only the records that changed.
 */

/** FNV-1a over the parts; a stable 32-bit seed for one record. */
export function hashSeed(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: small, fast, good enough to pick words and prices. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

// Non-ASCII on purpose: titles and options must survive the whole trip unchanged.
const ADJECTIVES = [
  'Classic',
  'Organic',
  'Größte',
  'Café',
  'Señorita',
  'Smart',
  'Rustic',
  'Ærø',
  'Sleek',
  'Handmade',
  'Nordic',
  'Tiny',
];
const NOUNS = [
  'Chair',
  'Lamp',
  'Mug',
  'Backpack',
  'Jacket',
  'Teapot',
  'Sneaker',
  'Notebook',
  'Blanket',
  'Kettle',
  'Scarf',
  'Desk',
];
const VENDORS = ['Acme', 'Nordwind GmbH', 'Łódź Textiles', 'Blue Fox', 'Maison Éclair'];
const TYPES = ['Furniture', 'Kitchen', 'Apparel', 'Stationery', 'Outdoor'];
const CATEGORY_WORDS = [
  'Home',
  'Garden',
  'Kitchen',
  'Clothing',
  'Shoes',
  'Office',
  'Sale',
  'New',
  'Gifts',
  'Outdoor',
  'Kids',
  'Décor',
];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const COLORS = [
  'Black',
  'White',
  'Red',
  'Blue',
  'Green',
  'Grey',
  'Navy',
  'Beige',
  'Pink',
  'Olive',
  'Sand',
  'Teal',
];

/** Base timestamp of never-changed records; changes are stamped with the real clock. */
export const BASE_TIME_MS = Date.parse('2026-01-01T00:00:00.000Z');

export function productId(index: number): string {
  return `P${String(index + 1).padStart(7, '0')}`;
}

export function productIndexOf(id: string): number | null {
  const m = /^P(\d{7})$/.exec(id);
  return m ? Number(m[1]) - 1 : null;
}

export function categoryId(index: number): string {
  return `C${String(index + 1).padStart(4, '0')}`;
}

export function categoryIndexOf(id: string): number | null {
  const m = /^C(\d{4})$/.exec(id);
  return m ? Number(m[1]) - 1 : null;
}

export interface GeneratorSettings {
  readonly seed: number;
  readonly variantsPerProduct: number | readonly [number, number];
  readonly categories: number;
  readonly currency: string;
}

export function generateCategory(
  settings: GeneratorSettings,
  index: number,
  updatedAt: string | null,
): ApixCategoryRecord {
  const random = createRandom(hashSeed(settings.seed, 'category', index));
  const roots = Math.min(settings.categories, 8);
  return {
    id: categoryId(index),
    // Parents always come earlier, so the tree has no cycles.
    parentId: index < roots ? null : categoryId(Math.floor(random() * index)),
    name: `${pick(random, CATEGORY_WORDS)} ${index + 1}`,
    description: `<p>Category ${index + 1}</p>`,
    updatedAt: updatedAt ?? new Date(BASE_TIME_MS + index * 1000).toISOString(),
  };
}

function variantCount(settings: GeneratorSettings, random: () => number): number {
  const v = settings.variantsPerProduct;
  return typeof v === 'number' ? v : between(random, v[0], v[1]);
}

function optionsFor(count: number): { name: string; values: string[] }[] {
  if (count <= 1) return [];
  if (count <= SIZES.length) return [{ name: 'Size', values: SIZES.slice(0, count) }];
  const colors = Math.ceil(count / SIZES.length);
  return [
    { name: 'Size', values: SIZES.slice(0, Math.min(count, SIZES.length)) },
    {
      name: 'Color',
      values: Array.from({ length: colors }, (_, c) => COLORS[c] ?? `Color ${c + 1}`),
    },
  ];
}

function variantOptionValues(
  options: readonly { values: readonly string[] }[],
  k: number,
): string[] {
  if (options.length === 0) return [];
  const sizes = options[0]?.values ?? [];
  if (options.length === 1) return [sizes[k] ?? ''];
  return [sizes[k % sizes.length] ?? '', options[1]?.values[Math.floor(k / sizes.length)] ?? ''];
}

export function variantId(productExternalId: string, k: number): string {
  return `${productExternalId}-V${String(k + 1).padStart(3, '0')}`;
}

/** Product `index` at `version` (0 = as first generated). Variant ids and SKUs never change. */
export function generateProduct(
  settings: GeneratorSettings,
  index: number,
  version: number,
  updatedAt: string | null,
): ApixProductRecord {
  const shape = createRandom(hashSeed(settings.seed, 'product', index));
  const content = createRandom(hashSeed(settings.seed, 'product', index, 'v', version));
  const id = productId(index);
  const count = variantCount(settings, shape);
  const options = optionsFor(count);
  const categoryCount =
    settings.categories === 0 ? 0 : between(shape, 1, Math.min(2, settings.categories));
  const categoryIds = [
    ...new Set(
      Array.from({ length: categoryCount }, () =>
        categoryId(Math.floor(shape() * settings.categories)),
      ),
    ),
  ];
  return {
    id,
    title: `${pick(content, ADJECTIVES)} ${pick(content, NOUNS)} ${index + 1}${version > 0 ? ` (rev ${version})` : ''}`,
    description: `<p>${pick(content, ADJECTIVES)} quality, revision ${version}.</p>`,
    vendor: pick(content, VENDORS),
    type: pick(shape, TYPES),
    categoryIds,
    active: content() >= 0.03,
    options,
    variants: Array.from({ length: count }, (_, k) => ({
      id: variantId(id, k),
      sku: `SKU-${index + 1}-${k + 1}`,
      barcode:
        shape() < 0.8
          ? String(4_000_000_000_000 + hashSeed(settings.seed, id, k) * 100 + k).slice(0, 13)
          : null,
      optionValues: variantOptionValues(options, k),
      weightGrams: content() < 0.9 ? between(content, 50, 5000) : null,
    })),
    updatedAt: updatedAt ?? new Date(BASE_TIME_MS + index * 1000).toISOString(),
  };
}

/** Price of one variant at `version`. Amounts are decimal strings with two decimals. */
export function generatePrice(
  settings: GeneratorSettings,
  id: string,
  version: number,
  updatedAt: string | null,
): ApixPriceRecord {
  const random = createRandom(hashSeed(settings.seed, 'price', id, version));
  const cents = between(random, 199, 49_999);
  const compare = random() < 0.25 ? Math.round(cents * 1.25) : null;
  return {
    variantId: id,
    amount: (cents / 100).toFixed(2),
    compareAtAmount: compare === null ? null : (compare / 100).toFixed(2),
    currency: settings.currency,
    updatedAt: updatedAt ?? new Date(BASE_TIME_MS).toISOString(),
  };
}
