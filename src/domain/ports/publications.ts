import type { WriteResult } from '../model/catalog-write.js';

/** The sales channels new products and collections are published to. */
export interface Publications {
  /**
   * Publication ids by their catalogue title ("Online Store"): the sales channels new products
   * and collections are published to.
   */
  publicationsByName(signal?: AbortSignal): Promise<ReadonlyMap<string, string>>;
  /**
   * Publishes a product or collection (Shopify creates both unpublished) to the publications;
   * publishing again where it already is published changes nothing.
   */
  publish(
    resourceId: string,
    publicationIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<WriteResult<void>>;
}
