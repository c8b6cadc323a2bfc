import type { ChangedProduct } from '../../domain/ports/product-changes.js';
import type { ShopifyProducts } from '../../domain/ports/shopify-products.js';
import type { VariantMappings } from '../../domain/ports/variant-mappings.js';
import { runConcurrently } from './run-concurrently.js';
import type { StepContext } from './step-context.js';
import { placeVariants } from './variant-identity.js';

export interface ProductVariantIdsDeps {
  readonly shopify: Pick<ShopifyProducts, 'variantsOfProduct' | 'releaseVariantCustomIds'>;
  readonly state: Pick<VariantMappings, 'mappedVariants' | 'forgetVariants'>;
}

/** Which Shopify variant each variant of a product draft is sent as (both write paths). */
export function createProductVariantIds(deps: ProductVariantIdsDeps) {
  return {
    /**
     * After Shopify answered that a variant we sent by id does not exist (a merchant deleted it
     * by hand): forgets the mapped variants of this product that Shopify no longer holds, so they
     * are sent without an id and created anew. Returns how many; 0 when the answer had another
     * cause.
     */
    async dropStaleVariants(ctx: StepContext, changed: ChangedProduct): Promise<number> {
      const ids = changed.draft.variants.map((v) => v.externalId);
      const mapped = await deps.state.mappedVariants(ids);
      const held = new Set(
        (await deps.shopify.variantsOfProduct(changed.externalId, ctx.signal)).values(),
      );
      const stale = ids.filter((id) => {
        const m = mapped.get(id);
        return (
          m !== undefined && m.productExternalId === changed.externalId && !held.has(m.variantId)
        );
      });
      if (stale.length === 0) return 0;
      await deps.state.forgetVariants(stale);
      ctx.logger.warn(
        { product: changed.externalId, variants: stale },
        `product ${changed.externalId}: variant(s) ${stale.join(', ')} were deleted in Shopify by hand; they are created again (new GIDs, no stock)`,
      );
      return stale.length;
    },

    /**
     * The page's drafts with the GIDs of their existing variants; custom ids of variants moving
     * between products are released before anything of the page is written. `askShopify`: a
     * product that would send a variant as new is first looked up in Shopify, whose variants of
     * it win: a run killed after productSet but before recording its answer left them there,
     * and sent without their GIDs they would be refused ("Value is already taken") in every
     * later run. `askShopify.about` narrows the lookups (the bulk path: only products sent
     * unrecorded).
     */
    async withVariantIds(
      ctx: StepContext,
      page: readonly ChangedProduct[],
      askShopify: {
        readonly concurrency: number;
        readonly about?: (externalId: string) => boolean;
      },
    ): Promise<ChangedProduct[]> {
      const mapped = await deps.state.mappedVariants(
        page.flatMap((p) => p.draft.variants.map((v) => v.externalId)),
      );
      const inShopify = new Map<string, ReadonlyMap<string, string>>();
      const unsure = page.filter(
        (p) =>
          (askShopify.about?.(p.externalId) ?? true) &&
          placeVariants(p.draft, p.isNew, mapped).draft.variants.some(
            (v) => v.shopifyId === undefined,
          ),
      );
      await runConcurrently(unsure, askShopify.concurrency, ctx.signal, async (p) => {
        inShopify.set(p.externalId, await deps.shopify.variantsOfProduct(p.externalId, ctx.signal));
      });
      const placed = page.map((p) => ({
        p,
        ...placeVariants(p.draft, p.isNew, mapped, inShopify.get(p.externalId)),
      }));
      const release = placed.flatMap((x) => x.release);
      if (release.length > 0) await deps.shopify.releaseVariantCustomIds(release, ctx.signal);
      return placed.map(({ p, draft }) => ({ ...p, draft }));
    },
  };
}

export type ProductVariantIds = ReturnType<typeof createProductVariantIds>;
