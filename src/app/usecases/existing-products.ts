import type { ProductChanges } from '../../domain/ports/product-changes.js';
import type { ProductDraft } from '../../domain/model/catalog-write.js';
import type { VariantBySku, VariantLookup } from '../../domain/ports/variant-lookup.js';
import { keysetPages } from './keyset-pages.js';
import { runConcurrently } from './run-concurrently.js';
import type { StepContext } from './step-context.js';

/**
 * What to do with a product Shopify already holds under our SKUs that this service did not make
 * (`SHOPIFY_EXISTING_PRODUCTS`): `refuse` holds ours back with an error naming both; `adopt`
 * writes our custom ids onto it and then updates it as usual.
 */
export type ExistingProductsMode = 'refuse' | 'adopt';

export type ExistingMatch =
  | { readonly kind: 'none' }
  /** One foreign product whose variants are exactly ours, SKU for SKU. */
  | {
      readonly kind: 'same';
      readonly product: { readonly id: string; readonly title: string };
      readonly variants: readonly { readonly variantId: string; readonly externalId: string }[];
      readonly field: string;
      readonly sku: string;
    }
  /** SKUs on several foreign products, or a partial overlap: never adopted, never duplicated. */
  | { readonly kind: 'ambiguous'; readonly field: string; readonly reason: string };

const named = (p: { readonly id: string; readonly title: string }) => `"${p.title}" (${p.id})`;

/**
 * Record errors name a variant by its id in API X's record, as recordFieldOf does for Shopify's
 * refusals (`variants[P1-2].sku`).
 *
 * Compares a new product's variants with the variants Shopify holds under the same SKUs (case
 * aside). Variants or products carrying our custom id are ours already (a variant moving between
 * our products, a write whose answer was lost) and are left to the usual write path, except the
 * variants of a half-adopted product (see below).
 */
export function matchExisting(draft: ProductDraft, found: readonly VariantBySku[]): ExistingMatch {
  const foreign = new Map<string, VariantBySku[]>();
  const mine = new Set(draft.variants.map((v) => v.externalId));
  for (const v of found) {
    if (v.product.externalId !== null) continue;
    // A variant already carrying this draft's own variant id, on a product without ours, is an
    // adoption cut short (adoptProduct writes the product's id last): still adoptable, so the
    // next run finishes it rather than finding "SKUs not on it" and holding it back for good.
    if (v.externalId !== null && !mine.has(v.externalId)) continue;
    const key = v.sku.toLowerCase();
    foreign.set(key, [...(foreign.get(key) ?? []), v]);
  }
  const hits = draft.variants.map((v) => ({
    v,
    on: v.sku === '' ? [] : (foreign.get(v.sku.toLowerCase()) ?? []),
  }));
  const first = hits.find((h) => h.on.length > 0);
  if (!first) return { kind: 'none' };
  const field = `variants[${first.v.externalId}].sku`;
  const products = new Map<string, VariantBySku['product']>();
  for (const h of hits) for (const x of h.on) products.set(x.product.id, x.product);
  if (products.size > 1)
    return {
      kind: 'ambiguous',
      field,
      reason: `its SKUs are spread over ${products.size} Shopify products made outside this service (${hits
        .flatMap((h) => h.on.map((x) => `SKU ${h.v.sku} on ${named(x.product)}`))
        .join(
          ', ',
        )}): neither created nor adopted, as either would leave a duplicate. Merge them into one product in Shopify, or give them other SKUs, then run again`,
    };
  const product = [...products.values()][0] as VariantBySku['product'];
  const twice = hits.find((h) => h.on.length > 1);
  if (twice)
    return {
      kind: 'ambiguous',
      field: `variants[${twice.v.externalId}].sku`,
      reason: `SKU ${twice.v.sku} is on ${twice.on.length} variants of Shopify product ${named(product)}, made outside this service: not created and not adopted. Give each variant its own SKU in Shopify, then run again`,
    };
  const missing = hits.filter((h) => h.on.length === 0);
  if (missing.length > 0 || product.variantCount !== draft.variants.length)
    return {
      kind: 'ambiguous',
      field,
      reason: `SKU ${first.v.sku} is on Shopify product ${named(product)}, made outside this service, but the two differ (it has ${product.variantCount} variant(s), API X ${draft.variants.length}${missing.length > 0 ? `; SKUs not on it: ${missing.map((h) => h.v.sku || '(none)').join(', ')}` : ''}): not created and not adopted, as either would leave a duplicate or a wrong product. Make the variants match in Shopify (or remove that product), then run again`,
    };
  return {
    kind: 'same',
    product: { id: product.id, title: product.title },
    variants: hits.map((h) => ({
      variantId: (h.on[0] as VariantBySku).variantId,
      externalId: h.v.externalId,
    })),
    field,
    sku: first.v.sku,
  };
}

export interface ExistingProductsDeps {
  readonly shopify: VariantLookup;
  readonly state: ProductChanges;
}

export interface ExistingProductsPlan {
  /** New products found already in Shopify and adopted (in a dry run: that would be). */
  readonly adopt: number;
  /** New products held back: a foreign product has their SKUs (refused, or ambiguous). */
  readonly refuse: number;
}

const PAGE = 250;
/** SKUs per search: one short query string, answered in a page or two. */
const SKUS_PER_SEARCH = 100;

/**
 * Before anything is created: new products whose SKUs Shopify already holds on products this
 * service did not make (by hand, or another tool). A shop is never silently duplicated: such a
 * product is adopted (SHOPIFY_EXISTING_PRODUCTS=adopt) or held back with an error naming it,
 * the SKU and the Shopify product. Returns the external ids adopted, whose variant GIDs the
 * write then reads from Shopify (see withVariantIds).
 */
export function createExistingProducts(deps: ExistingProductsDeps) {
  return async function run(
    ctx: StepContext,
    options: {
      readonly mode: ExistingProductsMode;
      readonly dryRun: boolean;
      readonly concurrency: number;
    },
  ): Promise<
    ExistingProductsPlan & {
      readonly adopted: ReadonlySet<string>;
      /** Changed products without a Shopify product yet (before any was held back or adopted). */
      readonly newProducts: number;
    }
  > {
    const adopted = new Set<string>();
    let adopt = 0;
    let refuse = 0;
    let newProducts = 0;
    const pages = keysetPages(
      null,
      (after: string | null) => deps.state.changedProducts(after, PAGE),
      (p) => p.externalId,
    );
    for await (const page of pages) {
      const fresh = page.filter((p) => p.isNew);
      newProducts += fresh.length;
      const skus = [...new Set(fresh.flatMap((p) => p.draft.variants.map((v) => v.sku)))].filter(
        (x) => x !== '',
      );
      const found: VariantBySku[] = [];
      const batches: string[][] = [];
      for (let i = 0; i < skus.length; i += SKUS_PER_SEARCH)
        batches.push(skus.slice(i, i + SKUS_PER_SEARCH));
      await runConcurrently(batches, options.concurrency, ctx.signal, async (batch) => {
        found.push(...(await deps.shopify.variantsBySku(batch, ctx.signal)));
      });
      if (found.length === 0) continue;
      const held: string[] = [];
      for (const p of fresh) {
        const match = matchExisting(p.draft, found);
        if (match.kind === 'none') continue;
        const hold = async (field: string, reason: string) => {
          held.push(p.externalId);
          refuse++;
          await ctx.recordError({
            entity: 'product',
            externalId: p.externalId,
            field,
            reason,
            payload: p.draft,
          });
        };
        if (match.kind === 'ambiguous') {
          await hold(match.field, match.reason);
          continue;
        }
        const where = `Shopify product ${named(match.product)}`;
        if (options.mode === 'refuse') {
          await hold(
            match.field,
            `SKU ${match.sku} is already on ${where}, made outside this service: not created, to avoid a duplicate. To take that product over (its variants keep their GIDs and stock), set SHOPIFY_EXISTING_PRODUCTS=adopt; or remove it in Shopify; then run again`,
          );
          continue;
        }
        if (options.dryRun) {
          adopt++;
          ctx.logger.info(
            { externalId: p.externalId, productId: match.product.id },
            `would adopt ${where} for product ${p.externalId} (same SKUs)`,
          );
          continue;
        }
        const done = await deps.shopify.adoptProduct(
          match.product.id,
          p.externalId,
          match.variants,
          ctx.signal,
        );
        if (!done.ok) {
          await hold(
            'id',
            `could not adopt ${where}: ${done.errors.map((e) => `${e.field ? `${e.field}: ` : ''}${e.message}`).join('; ')}`,
          );
          continue;
        }
        adopt++;
        adopted.add(p.externalId);
        ctx.logger.info(
          { externalId: p.externalId, productId: match.product.id },
          `adopted ${where} for product ${p.externalId} (same SKUs): it is updated from now on`,
        );
      }
      await deps.state.holdBackProducts(held);
    }
    if (refuse > 0)
      ctx.logger.warn(
        { heldBack: refuse },
        'products held back: Shopify already has products with their SKUs that this service did not make (see the record errors)',
      );
    return { adopt, refuse, newProducts, adopted };
  };
}
