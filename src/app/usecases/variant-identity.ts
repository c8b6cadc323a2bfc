import type { ProductDraft } from '../../domain/model/catalog-write.js';
import type { MappedVariant } from '../../domain/ports/variant-mappings.js';

// The type lives with its port; re-exported for the callers that import it from here.
export type { MappedVariant };

/**
 * Puts each variant's Shopify GID into the draft where the variant already exists under this
 * product, and names the variants that move here from another product. productSet treats a
 * variant without an id as new (ProductVariantSetInput.id, 2026-10: "update or create a new
 * variant if absent"), and a new variant cannot take a custom id another variant still holds
 * ("Value is already taken"): the moving ones must be released first, whatever the write order.
 *
 * `inShopify`: the variants (custom id -> GID) Shopify already holds under this product though
 * nothing of it is recorded here (a run killed between productSet and recording its answer).
 * They win over the mappings: without their GIDs the product could never be written again.
 */
export function placeVariants(
  draft: ProductDraft,
  isNew: boolean,
  mapped: ReadonlyMap<string, MappedVariant>,
  inShopify: ReadonlyMap<string, string> = new Map(),
): { readonly draft: ProductDraft; readonly release: readonly string[] } {
  const release: string[] = [];
  const variants = draft.variants.map((v) => {
    const { shopifyId: _, ...rest } = v;
    const m = mapped.get(v.externalId);
    const held = inShopify.get(v.externalId);
    // A new product has no variants yet: a mapping under its own id is stale (hand-deleted).
    const ownMapping = m !== undefined && m.productExternalId === draft.externalId && !isNew;
    if (m && !ownMapping && m.variantId !== held) release.push(m.variantId);
    if (held !== undefined) return { ...rest, shopifyId: held };
    return ownMapping ? { ...rest, shopifyId: m.variantId } : rest;
  });
  return { draft: { ...draft, variants }, release };
}
