import type { VariantMappings } from '../../../src/domain/ports/variant-mappings.js';

/** Variant external id -> (Shopify variant GID, product external id), in memory. */
export function createFakeVariantMappings(
  initial: Readonly<
    Record<string, { readonly variantId: string; readonly productExternalId: string }>
  > = {},
) {
  const mapped = new Map(Object.entries(initial));
  const mappings: VariantMappings = {
    async mappedVariants(ids) {
      return new Map(ids.flatMap((id) => (mapped.has(id) ? [[id, mapped.get(id)!] as const] : [])));
    },
    async *mappedVariantPages() {
      yield [...mapped].map(([externalId, m]) => ({
        externalId,
        variantId: m.variantId,
        productId: `product-of-${m.productExternalId}`,
      }));
    },
    async forgetVariants(ids) {
      for (const id of ids) mapped.delete(id);
    },
  };
  return { mappings, mapped };
}
