/** Where a variant is in Shopify: its GID and the product it was written under. */
export interface MappedVariant {
  readonly variantId: string;
  readonly productExternalId: string;
}

/** Where variants are in Shopify (GID and the product they were written under). */
export interface VariantMappings {
  /** Where these variants are in Shopify now (GID and the product they were written under). */
  mappedVariants(
    variantExternalIds: readonly string[],
  ): Promise<ReadonlyMap<string, MappedVariant>>;
  /**
   * Every mapped variant (external id, GID, its product's GID), a page at a time (hand-deletion
   * check).
   */
  mappedVariantPages(): AsyncIterable<
    readonly {
      readonly externalId: string;
      readonly variantId: string;
      readonly productId: string;
    }[]
  >;
  /**
   * Forgets the GIDs of these variants (deleted in Shopify by hand): sent again without an id,
   * each is created anew. Their products' and prices' hashes are forgotten too, so the next run
   * writes them even if API X did not change.
   */
  forgetVariants(variantExternalIds: readonly string[]): Promise<void>;
}
