import type { ChangedProduct, ProductChanges } from '../../domain/ports/product-changes.js';
import type { ShopSetup } from '../../domain/ports/shop-setup.js';
import type { VariantMappings } from '../../domain/ports/variant-mappings.js';
import { keysetPages } from './keyset-pages.js';
import type { StepContext } from './step-context.js';
import type { MappedVariant } from './variant-identity.js';

/**
 * Shopify's daily new-variant limit: once a store has `threshold` variants, a store not on Plus
 * may create `perDay` new variants a day (productCreate description, "resource-based rate
 * limits": 50,000 and 1,000).
 */
export interface VariantLimit {
  readonly threshold: number;
  readonly perDay: number;
}

export const SHOPIFY_VARIANT_LIMIT: VariantLimit = { threshold: 50_000, perDay: 1_000 };

/**
 * New variants a run may send today at most; null when the limit cannot bite (Plus). Below the
 * threshold the variants up to it are free, then one day's allowance: an upper bound, since
 * Shopify does not say how much of today's allowance earlier writes used (those answers still
 * come back VARIANT_THROTTLE_EXCEEDED and wait).
 */
export function creationBudget(
  shop: { readonly variants: number; readonly plus: boolean },
  limit: VariantLimit,
): number | null {
  if (shop.plus) return null;
  return Math.max(0, limit.threshold - shop.variants) + limit.perDay;
}

/**
 * Variants this write would create: all of a new product's, else those not mapped under it. A
 * product adopted this run creates none: Shopify holds all its variants (existing-products.ts),
 * though none is mapped yet. Charged as new, it could be held back and, no longer adopted on the
 * next run, be sent without its variants' GIDs (new variants, their stock lost).
 */
export function newVariantsOf(
  changed: ChangedProduct,
  mapped: ReadonlyMap<string, MappedVariant>,
  adopted: ReadonlySet<string> = new Set(),
): number {
  if (adopted.has(changed.externalId)) return 0;
  if (changed.isNew) return changed.draft.variants.length;
  return changed.draft.variants.filter(
    (v) => mapped.get(v.externalId)?.productExternalId !== changed.externalId,
  ).length;
}

export interface VariantBudgetDeps {
  readonly shopify: Pick<ShopSetup, 'shopVariants'>;
  readonly state: ProductChanges & VariantMappings;
}

const PAGE = 500;

/**
 * Holds back, before anything is sent, the products whose new variants do not fit in what
 * Shopify's daily limit can still allow: a bulk file then never carries more creations than a
 * day takes (each refused line would cost a request's worth and a result line, every day).
 * Products that fit go, in external-id order; one too large for today's room waits while smaller
 * ones after it still go. Returns how many wait (counted as deferred by the caller).
 */
export function createVariantBudget(deps: VariantBudgetDeps) {
  /**
   * `limit`: the room is worked out from the shop's variants; or a number: the room is known
   * (0 once Shopify refused a creation today: every product that would create a variant waits).
   * `afterExternalId`: only products after it (those before were sent already).
   */
  return async function holdBackOverBudget(
    ctx: StepContext,
    limit: VariantLimit | number,
    adopted: ReadonlySet<string> = new Set(),
    afterExternalId: string | null = null,
  ): Promise<number> {
    const budget =
      typeof limit === 'number'
        ? limit
        : creationBudget(await deps.shopify.shopVariants(ctx.signal), limit);
    if (budget === null) return 0;
    let left = budget;
    let waiting = 0;
    const pages = keysetPages(
      afterExternalId,
      (after: string | null) => deps.state.changedProducts(after, PAGE),
      (p) => p.externalId,
    );
    for await (const page of pages) {
      const mapped = await deps.state.mappedVariants(
        page.flatMap((p) => p.draft.variants.map((v) => v.externalId)),
      );
      const held: string[] = [];
      for (const p of page) {
        const n = newVariantsOf(p, mapped, adopted);
        if (n === 0) continue;
        if (n <= left) left -= n;
        else held.push(p.externalId);
      }
      await deps.state.holdBackProducts(held);
      waiting += held.length;
    }
    if (waiting > 0)
      ctx.logger.info(
        { budget, deferred: waiting },
        `Shopify's daily variant limit leaves room for ${budget} new variants today at most: ${waiting} products that would create more wait for the next runs`,
      );
    return waiting;
  };
}
