import { parsePrice, parseProduct } from '../../../src/adapters/apix/parse-catalog-records.js';
import {
  categoryToCollection,
  normaliseMoney,
  productToDraft,
  type PriceOfVariant,
} from '../../../src/app/usecases/catalog-mapping.js';
import type { ApixProductRecord } from '../../../simulators/apix/apix-records.js';
import type { E2eEnvironment } from '../../support/e2e-environment.js';

const CUSTOM_ID = 'integration_service.external_id';

export interface CatalogCheckOptions {
  /** Product ids API X serves malformed: they are recorded and skipped, so not compared. */
  readonly skippedProducts?: ReadonlySet<string>;
  /** Variant ids whose served price is malformed: the Shopify price is not compared. */
  readonly skippedPrices?: ReadonlySet<string>;
  /** Category ids API X serves malformed: recorded and skipped, so not compared. */
  readonly skippedCategories?: ReadonlySet<string>;
  readonly archiveStatus?: 'ARCHIVED' | 'DRAFT';
}

/**
 * What a clean run produces, derived from API X's clean catalogue by the job's own mapping rules
 * (parseProduct -> productToDraft, categoryToCollection), compared with the simulated shop field by
 * field. Returns every difference, so one failing scenario shows all it broke:
 * - one Shopify product per custom id (no duplicates), none deleted;
 * - each product's title, description, vendor, type, status, options, variants (by custom id:
 *   SKU, barcode, option values, weight, price, compare-at price);
 * - products API X no longer lists are archived;
 * - one collection per category with its title and description, and each product a member of
 *   exactly the managed collections of its categories.
 */
export function catalogProblems(e2e: E2eEnvironment, options: CatalogCheckOptions = {}): string[] {
  const problems: string[] = [];
  const archiveStatus = options.archiveStatus ?? 'ARCHIVED';
  const shopProducts = e2e.shopify.state.products();
  const byCustomId = new Map<string, (typeof shopProducts)[number]>();
  for (const p of shopProducts) {
    const id = p.metafields[CUSTOM_ID];
    if (!id) continue;
    if (byCustomId.has(id)) problems.push(`duplicate product for ${id}`);
    byCustomId.set(id, p);
  }

  const collections = e2e.shopify.state.collections();
  const collectionByCategory = new Map<string, (typeof collections)[number]>();
  for (const c of collections) {
    const id = c.metafields[CUSTOM_ID];
    if (!id) continue;
    if (collectionByCategory.has(id)) problems.push(`duplicate collection for category ${id}`);
    collectionByCategory.set(id, c);
  }
  const managed = new Set([...collectionByCategory.values()].map((c) => c.id));
  for (const category of e2e.apix.catalog.categories()) {
    if (options.skippedCategories?.has(category.id)) continue;
    const c = collectionByCategory.get(category.id);
    if (!c) {
      problems.push(`no collection for category ${category.id}`);
      continue;
    }
    const draft = categoryToCollection({
      externalId: category.id,
      parentId: category.parentId,
      name: category.name,
      description: category.description,
      updatedAt: category.updatedAt,
    });
    if (c.title !== draft.title)
      problems.push(
        `collection ${category.id}: title ${JSON.stringify(c.title)} != ${JSON.stringify(draft.title)}`,
      );
    if (c.descriptionHtml !== draft.descriptionHtml)
      problems.push(`collection ${category.id}: description differs`);
  }

  const listed = new Set<string>();
  for (const record of e2e.apix.catalog.products()) {
    listed.add(record.id);
    if (options.skippedProducts?.has(record.id)) continue;
    const parsed = parseProduct(record);
    if (!parsed.ok) {
      problems.push(`clean API X record ${record.id} does not parse: ${parsed.error.reason}`);
      continue;
    }
    const draft = productToDraft(parsed.value, archiveStatus, apixPricesOf(e2e, record));
    const p = byCustomId.get(record.id);
    if (!p) {
      problems.push(`product ${record.id} missing in Shopify`);
      continue;
    }
    const field = (name: string, actual: unknown, expected: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        problems.push(
          `product ${record.id}: ${name} ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`,
        );
    };
    field('title', p.title, draft.title);
    field('descriptionHtml', p.descriptionHtml, draft.descriptionHtml);
    field('vendor', p.vendor, draft.vendor);
    field('productType', p.productType, draft.productType);
    field('status', p.status, draft.status);
    field('options', p.options, draft.options);
    field('variant count', p.variants.length, draft.variants.length);
    for (const v of draft.variants) {
      const sv = p.variants.find((x) => x.metafields[CUSTOM_ID] === v.externalId);
      if (!sv) {
        problems.push(`product ${record.id}: variant ${v.externalId} missing`);
        continue;
      }
      field(`variant ${v.externalId} sku`, sv.sku, v.sku);
      field(`variant ${v.externalId} barcode`, sv.barcode, v.barcode);
      field(
        `variant ${v.externalId} optionValues`,
        sv.optionValues,
        v.optionValues.map((o) => o.name),
      );
      if (v.weightGrams !== null)
        field(
          `variant ${v.externalId} weight`,
          sv.weight && `${sv.weight.value} ${sv.weight.unit}`,
          `${v.weightGrams} GRAMS`,
        );
      if (options.skippedPrices?.has(v.externalId) || v.price === null) continue;
      field(`variant ${v.externalId} price`, normaliseMoney(sv.price), v.price);
      field(
        `variant ${v.externalId} compareAtPrice`,
        sv.compareAtPrice === null ? null : normaliseMoney(sv.compareAtPrice),
        v.compareAtPrice,
      );
    }
    const expectedCollections = parsed.value.categoryIds
      .flatMap((id) => collectionByCategory.get(id)?.id ?? [])
      .sort();
    field(
      'managed collections',
      p.collections.filter((id) => managed.has(id)).sort(),
      expectedCollections,
    );
  }
  for (const [id, p] of byCustomId) {
    if (!listed.has(id) && p.status !== archiveStatus)
      problems.push(`product ${id} is gone from API X but ${p.status} in Shopify`);
  }
  return problems;
}

/** The prices API X serves for a product's variants, normalised as sync-to-shopify sends them. */
export function apixPricesOf(
  e2e: E2eEnvironment,
  record: ApixProductRecord,
): Map<string, PriceOfVariant> {
  const prices = new Map<string, PriceOfVariant>();
  for (const v of record.variants) {
    const price = parsePrice(e2e.apix.catalog.price(v.id));
    if (price.ok)
      prices.set(v.id, {
        amount: normaliseMoney(price.value.amount),
        compareAt:
          price.value.compareAtAmount === null ? null : normaliseMoney(price.value.compareAtAmount),
      });
  }
  return prices;
}

export function describeProblems(problems: readonly string[]): string {
  return `${problems.length} differences from a clean run:\n  ${problems.slice(0, 15).join('\n  ')}`;
}
