/** A product Shopify holds for us that is still to be published. */
export interface UnpublishedProduct {
  readonly externalId: string;
  readonly productId: string;
}

/**
 * The products written and not yet published (recorded by saveProductsWritten with
 * `unpublished`): worked off by the publish step, a page at a time or as one bulk file whose
 * lines are numbered here so its result lines can be matched back.
 */
export interface UnpublishedProducts {
  countUnpublished(): Promise<number>;
  /** A page by external id, after `afterExternalId`. */
  unpublishedPage(
    afterExternalId: string | null,
    limit: number,
  ): Promise<readonly UnpublishedProduct[]>;
  /** Numbers every unpublished product from 1 for a bulk file (any earlier numbering is dropped). */
  numberUnpublishedLines(): Promise<number>;
  /** Numbered products after `afterLine`, in line order. */
  unpublishedLines(
    afterLine: number,
    limit: number,
  ): Promise<readonly (UnpublishedProduct & { readonly line: number })[]>;
  /** The products still unpublished at these line numbers. */
  unpublishedAtLines(lines: readonly number[]): Promise<ReadonlyMap<number, UnpublishedProduct>>;
  /** Shopify confirmed them published: forgotten here (only while they still have that product id). */
  markPublished(products: readonly UnpublishedProduct[]): Promise<void>;
}
