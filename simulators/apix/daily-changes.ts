/** A day of changes at API X over the simulated catalogue, deterministic from a seed. */
import type { ApixPriceRecord, ApixProductRecord } from './apix-records.js';
import { createRandom, hashSeed, productId } from './catalog-generator.js';
import type { KeyedCollection } from './keyed-collection.js';

/** A count (>= 1) or a fraction of the current size (< 1). */
export type Amount = number;

export interface DailyChanges {
  readonly seed: number;
  readonly newProducts?: Amount;
  readonly changedProducts?: Amount;
  /** Deleted from API X: they stop appearing in reads. */
  readonly removedProducts?: Amount;
  /** Variants whose price changes. */
  readonly priceChanges?: Amount;
}

export interface DailyChangeSummary {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly repriced: readonly string[];
}

function amount(value: Amount | undefined, base: number): number {
  if (value === undefined || value <= 0) return 0;
  return value < 1 ? Math.round(value * base) : Math.floor(value);
}

/** Up to n distinct live computed products chosen by `random`. */
function pickProducts(
  products: KeyedCollection<ApixProductRecord>,
  random: () => number,
  n: number,
  exclude: Set<string>,
): string[] {
  const chosen: string[] = [];
  const total = products.computedCount();
  for (let tries = 0; chosen.length < n && tries < n * 20 + 100; tries += 1) {
    const id = productId(Math.floor(random() * total));
    if (exclude.has(id) || !products.exists(id)) continue;
    exclude.add(id);
    chosen.push(id);
  }
  return chosen;
}

/** What applyDailyChanges changes: the products and the prices' versions and overrides. */
export interface DailyChangeTarget {
  readonly seed: number;
  readonly variantsPerProduct: number | readonly [number, number];
  readonly products: KeyedCollection<ApixProductRecord>;
  readonly priceVersions: Map<string, { version: number; updatedAt: string }>;
  readonly priceOverrides: Map<string, ApixPriceRecord>;
}

export function applyDailyChanges(
  target: DailyChangeTarget,
  changes: DailyChanges,
): DailyChangeSummary {
  const { products, priceVersions, priceOverrides } = target;
  const random = createRandom(hashSeed(target.seed, 'daily', changes.seed));
  const now = new Date().toISOString();
  const base = products.liveCount();
  const touched = new Set<string>();
  const removed = pickProducts(products, random, amount(changes.removedProducts, base), touched);
  removed.forEach((id) => products.remove(id));
  const changed = pickProducts(products, random, amount(changes.changedProducts, base), touched);
  changed.forEach((id) => products.bump(id, now));
  const v = target.variantsPerProduct;
  const meanVariants = typeof v === 'number' ? v : (v[0] + v[1]) / 2;
  const repriced: string[] = [];
  const priceTarget = amount(changes.priceChanges, Math.round(products.liveCount() * meanVariants));
  for (const id of pickProducts(products, random, priceTarget, new Set(removed))) {
    const variants = products.get(id)?.variants ?? [];
    const variant = variants[Math.floor(random() * variants.length)];
    if (!variant) continue;
    priceOverrides.delete(variant.id);
    priceVersions.set(variant.id, {
      version: (priceVersions.get(variant.id)?.version ?? 0) + 1,
      updatedAt: now,
    });
    repriced.push(variant.id);
  }
  const added = products.grow(amount(changes.newProducts, base));
  // New products must show up in incremental reads after the change.
  added.forEach((id) => products.bump(id, now));
  return { added, changed, removed, repriced };
}
